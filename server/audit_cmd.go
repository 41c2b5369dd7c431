package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"industrydash/internal/domain"
	"industrydash/internal/store"
)

const auditUsage = `用法:
  server audit verify    逐条核对操作日志的散列链，指出第一处被改动、删除或插入的记录（完整时退出码 0，被篡改时 1）
与服务器使用相同的 -data / -postgres 参数（内置存储时请先停止服务）。`

// runAudit serves `server audit verify`.
func runAudit(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, auditUsage)
		return 2
	}
	switch args[0] {
	case "verify":
	case "help", "-h", "-help", "--help":
		fmt.Fprintln(stdout, auditUsage)
		return 0
	default:
		fmt.Fprintf(stderr, "未知的操作“%s”。\n%s\n", args[0], auditUsage)
		return 2
	}
	st, code := openAccounts("audit verify", args[1:], stderr, func(*flag.FlagSet) {})
	if st == nil {
		return code
	}
	defer st.Close()
	v, err := store.VerifyAudit(context.Background(), st)
	if err != nil {
		fmt.Fprintln(stderr, "核对失败：", cliMessage(err, ""))
		return 1
	}
	fmt.Fprint(stdout, auditVerdictText(v))
	if v.Broken != nil {
		return 1
	}
	return 0
}

// auditVerdictText says in Chinese what verification found.
func auditVerdictText(v store.AuditVerdict) string {
	var out string
	if v.Anchor.Seq > 0 {
		out += fmt.Sprintf("按保留期已清理第 %d 条及以前的 %d 条记录，从其后核对。\n", v.Anchor.Seq, v.Anchor.Removed)
	}
	if v.Legacy > 0 {
		out += fmt.Sprintf("有 %d 条记录写于启用散列链之前，无法核对。\n", v.Legacy)
	}
	if b := v.Broken; b != nil {
		what := map[store.AuditProblem]string{
			store.AuditChanged:      "内容与其散列不符：这条记录被改动过",
			store.AuditGap:          fmt.Sprintf("前面缺少第 %d 条起的记录：有记录被删除", v.Expected),
			store.AuditRelinked:     "与前一条记录的链接不符：前面有记录被删除、插入或调换了顺序",
			store.AuditUnhashed:     "没有散列：这条记录是在散列链建立之后绕过系统插入的",
			store.AuditBeforeAnchor: "位于清理起点之前却仍然存在：清理记录被篡改",
		}[v.Problem]
		out += fmt.Sprintf("操作日志被篡改！第一处问题在第 %d 条（%s，操作人 %s，操作 %s，对象 %s）：%s。\n已核对无误 %d 条。请保全数据库并报告安全管理员。\n",
			b.Seq, b.At.In(domain.Beijing).Format("2006-01-02 15:04:05"), b.Actor, b.Action, b.Object, what, v.Checked)
		return out
	}
	out += fmt.Sprintf("操作日志完整：核对 %d 条，每条的散列及与前一条的链接都正确。\n", v.Checked)
	if v.Head.Seq > 0 {
		out += fmt.Sprintf("最新一条为第 %d 条（%s），散列 %s。\n请记录这个散列：下次核对时它仍应在链中，可据此发现最新记录被删除。\n",
			v.Head.Seq, v.Head.At.In(domain.Beijing).Format("2006-01-02 15:04:05"), v.Head.Hash)
	}
	return out
}
