package static_test

import (
	"errors"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"industrydash/server/static"
)

func TestFSHoldsOwnAssets(t *testing.T) {
	for _, name := range []string{"app.css", "app.js"} {
		b, err := fs.ReadFile(static.FS, name)
		if err != nil {
			t.Fatalf("%s not embedded: %v", name, err)
		}
		if len(b) == 0 {
			t.Errorf("%s is empty", name)
		}
	}
}

func TestCheckVendor(t *testing.T) {
	full := fstest.MapFS{
		static.EChartsJS:   {Data: []byte("/* echarts */")},
		static.BaotouMapJS: {Data: []byte("/* map */")},
	}
	tests := []struct {
		name    string
		fsys    fs.FS
		missing []string
	}{
		{"all present", full, nil},
		{"nothing built", fstest.MapFS{"app.css": {Data: []byte("x")}}, []string{static.EChartsJS, static.BaotouMapJS}},
		{"map missing", fstest.MapFS{static.EChartsJS: full[static.EChartsJS]}, []string{static.BaotouMapJS}},
		{"empty file", fstest.MapFS{static.EChartsJS: {}, static.BaotouMapJS: full[static.BaotouMapJS]}, []string{static.EChartsJS}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := static.CheckVendor(tt.fsys)
			if len(tt.missing) == 0 {
				if err != nil {
					t.Fatalf("CheckVendor = %v, want nil", err)
				}
				return
			}
			if !errors.Is(err, static.ErrVendorMissing) {
				t.Fatalf("CheckVendor = %v, want ErrVendorMissing", err)
			}
			for _, name := range tt.missing {
				if !strings.Contains(err.Error(), name) {
					t.Errorf("error %q does not name %s", err, name)
				}
			}
			if !strings.Contains(err.Error(), "scripts/build-assets.sh") {
				t.Errorf("error %q does not say how to build the assets", err)
			}
		})
	}
}

func TestVendorReadyMatchesCheck(t *testing.T) {
	if got, want := static.VendorReady(), static.CheckVendor(static.FS) == nil; got != want {
		t.Fatalf("VendorReady() = %v, CheckVendor(FS) == nil is %v", got, want)
	}
	if static.VendorReady() && len(static.VendorVersions()) == 0 {
		t.Error("vendor built but VendorVersions() is empty")
	}
}
