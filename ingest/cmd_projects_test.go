package main

import (
	"bytes"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"industrydash/internal/testenv/chtest"
	"industrydash/seeds/demo"
)

const registerHeader = "项目代码,项目名称,项目清单,所在地区/园区,计划开工月份,计划建成月份,设计能力\n"

// TestProjectsRegisterAllOrNothing: a register with mistakes is refused with
// every mistake located (file, row, column) in Chinese, and nothing of it is
// written; the corrected register then loads.
func TestProjectsRegisterAllOrNothing(t *testing.T) {
	t.Setenv("DATA_DIR", t.TempDir())
	dir := t.TempDir()
	runOK(t, "targets", "-data", dir)
	bad := filepath.Join(t.TempDir(), "清册.csv")
	writeFile(t, bad, registerHeader+
		"M1,好项目,metals.key_projects,昆区,3,2025-06,\n"+
		"M2,清单错,不存在的清单,昆区,3,,\n"+
		"M3,月份错,metals.key_projects,昆区,13月,,\n"+
		"M4,地区错,metals.key_projects,火星,3,,\n"+
		"E1,能力错,green.energy_saving_projects,九原区,2,6,很多\n"+
		"M1,重复,metals.key_projects,昆区,3,,\n")
	var out, errb bytes.Buffer
	if code := run([]string{"projects", "-data", dir, bad}, &out, &errb); code != exitError {
		t.Fatalf("exit %d, want %d; %s", code, exitError, errb.String())
	}
	msg := errb.String()
	for _, want := range []string{"项目清册有 5 处错误", "清册.csv 第3行 C列（项目清单）", "清册.csv 第4行 E列（计划开工月份）",
		"清册.csv 第5行 D列（所在地区/园区）：找不到单位“火星”", "清册.csv 第6行 G列（设计能力）：设计能力“很多”不是数字",
		"清册.csv 第7行 A列（项目代码）：项目代码“M1”与第2行重复", "一条也没有写入"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error output lacks %q:\n%s", want, msg)
		}
	}
	good := filepath.Join(t.TempDir(), "good.csv")
	writeFile(t, good, registerHeader+"M1,好项目,metals.key_projects,昆区,3,2025-06,\nE1,节能项目,实施节能改造项目,九原区,2,6,1.5\n")
	if s := runOK(t, "projects", "-data", dir, good); !strings.Contains(s, "项目 2 个，计划进度和设计能力 3 项") {
		t.Fatalf("good register: %s", s)
	}
	// A project already loaded cannot move to another list.
	moved := filepath.Join(t.TempDir(), "moved.csv")
	writeFile(t, moved, registerHeader+"M1,好项目,parks.infrastructure_projects,昆区,3,2025-06,\n")
	out.Reset()
	errb.Reset()
	if code := run([]string{"projects", "-data", dir, moved}, &out, &errb); code != exitError || !strings.Contains(errb.String(), "moved.csv 第2行 C列（项目清单）：项目“M1”此前已作为“先进金属材料产业重点项目”的项目导入") {
		t.Fatalf("moving a project: exit %d %s", code, errb.String())
	}
	if s := runOK(t, "projects", "-data", dir, good); !strings.Contains(s, "项目 2 个") {
		t.Fatalf("reloading the same register: %s", s)
	}
	// A stage reported for a registered project loads; the list count itself cannot be reported.
	rep := filepath.Join(t.TempDir(), "进度.csv")
	writeFile(t, rep, "指标代码,地区,期间,数值,单位\nmetals.project_stage,M1,2024-04,开工,阶段\n")
	if s := runOK(t, "actuals", "-data", dir, rep); !strings.Contains(s, "新增 1 条") {
		t.Fatalf("stage report: %s", s)
	}
	cnt := filepath.Join(t.TempDir(), "计数.csv")
	writeFile(t, cnt, "指标代码,地区,期间,数值,单位\nmetals.key_projects,包头市,2024-04,16,个\n")
	out.Reset()
	errb.Reset()
	if code := run([]string{"actuals", "-data", dir, cnt}, &out, &errb); code != exitError || !strings.Contains(out.String()+errb.String(), "由项目清册和各项目报送的进度自动计算") {
		t.Fatalf("a list count must not be reportable: exit %d %s %s", code, out.String(), errb.String())
	}
}

// TestDemoRegisterIntoClickHouse: the demo register loads into ClickHouse
// through ingest projects, its projects stored as units of kind project.
func TestDemoRegisterIntoClickHouse(t *testing.T) {
	t.Setenv("DATA_DIR", t.TempDir())
	dsn := chtest.NewDatabase(t)
	runOK(t, "migrate", "-clickhouse", dsn)
	runOK(t, "targets", "-clickhouse", dsn)
	data, err := fs.ReadFile(demo.RegisterFS(), demo.RegisterFile(2024))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "projects_2024.csv")
	writeFile(t, path, string(data))
	if s := runOK(t, "projects", "-clickhouse", dsn, path); !strings.Contains(s, "项目 164 个") {
		t.Fatalf("demo register: %s", s)
	}
	if n := clientCount(t, dsn, "SELECT count() FROM (SELECT code, argMax(kind, version) AS k FROM org_units GROUP BY code) WHERE k = 'project'"); n != "164" {
		t.Fatalf("project units in ClickHouse = %s, want 164", n)
	}
	// 华北铝业: started in 2023 (建设 from January), completion planned for October.
	if p := clientCount(t, dsn, "SELECT phasing FROM targets WHERE org_unit = 'XM-JS-001' AND indicator = 'metals.project_stage'"); p != "[3,3,3,3,3,3,3,3,3,4,4,4]" {
		t.Fatalf("planned stages in ClickHouse = %s", p)
	}
}
