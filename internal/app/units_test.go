package app_test

import (
	"context"
	"testing"

	"industrydash/internal/app"
	"industrydash/internal/config"
	"industrydash/internal/load"
	"industrydash/internal/store"
	"industrydash/seeds"
)

// Units of measure uploaded on 目标管理 (kept as catalogue entries) are
// known again when the store is opened after a restart.
func TestUploadedUnitsSurviveARestart(t *testing.T) {
	ctx := context.Background()
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	st, err := app.OpenStore(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	// Defined on each other, stored in an order that needs two passes.
	err = st.AddCatalogueEntries(ctx, []store.CatalogueEntry{
		{Kind: store.EntryUnit, Name: "万羽", Value: `{"name":"万羽","base":"羽","factor":10000}`},
		{Kind: store.EntryUnit, Name: "羽", Value: `{"name":"羽","factor":1}`},
	})
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	if seeds.BaseUnits().Known("万羽") {
		t.Fatal("万羽 is a base unit")
	}
	st, err = app.OpenStore(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	units, err := load.ReadMeasures(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	if v, err := units.Convert(1.5, "万羽", "羽"); err != nil || v != 15000 {
		t.Errorf("1.5 万羽 = %v 羽, %v", v, err)
	}
}
