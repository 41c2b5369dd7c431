// Package static embeds the server's static files: our own CSS and JS, and the
// vendored front-end assets (ECharts, the Baotou district map) that
// scripts/build-assets.sh copies from the pinned npm packages in web/.
//
// The deployment network has no internet, so every script a page loads must
// come from FS. The vendor folder is gitignored; on a fresh checkout it is
// absent, the package still compiles, and VendorReady reports false so the
// server can log a warning telling the operator to run scripts/build-assets.sh.
package static

import (
	"embed"
	"errors"
	"fmt"
	"industrydash/internal/webassets"
	"io/fs"
	"strings"
)

// files always exists: app.css and app.js are committed; files/vendor/ is
// added by scripts/build-assets.sh. The all: prefix keeps dotfiles too.
//
//go:embed all:files
var files embed.FS

// FS is the static file tree, rooted at server/static/files: "app.css",
// "app.js", "vendor/echarts.min.js", "vendor/maps/<pinyin>.js". The server
// serves it under MountPath.
var FS fs.FS = mustSub(files, "files")

// The served paths, defined in internal/webassets (shared with dashboards).
const (
	MountPath     = webassets.MountPath
	AssetsHost    = webassets.AssetsHost
	EChartsJS     = webassets.EChartsJS
	BaotouMapJS   = webassets.BaotouMapJS
	BaotouMapName = webassets.BaotouMapName
)

const (
	// versionsFile lists the npm packages copied into vendor/, one
	// "name version" per line.
	versionsFile = "vendor/VERSIONS"
)

// VendorFiles lists the vendored files the pages need.
var VendorFiles = []string{EChartsJS, BaotouMapJS}

// ErrVendorMissing is wrapped by CheckVendor when a vendored file is absent.
var ErrVendorMissing = errors.New("vendored front-end assets missing")

// CheckVendor returns nil when every file in VendorFiles exists in fsys, and
// otherwise an error wrapping ErrVendorMissing that names the missing files
// and the command that builds them.
func CheckVendor(fsys fs.FS) error {
	var missing []string
	for _, name := range VendorFiles {
		if st, err := fs.Stat(fsys, name); err != nil || st.IsDir() || st.Size() == 0 {
			missing = append(missing, name)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	return fmt.Errorf("%w: %s not embedded; run scripts/build-assets.sh and rebuild the binary (charts will not render)",
		ErrVendorMissing, strings.Join(missing, ", "))
}

// VendorReady reports whether the embedded FS holds every file in VendorFiles.
func VendorReady() bool {
	return CheckVendor(FS) == nil
}

// VendorVersions returns the vendored npm packages and their versions as
// written by scripts/build-assets.sh (e.g. "echarts@5.4.3"), for logging; it
// returns nil when the vendor folder was not built.
func VendorVersions() []string {
	b, err := fs.ReadFile(FS, versionsFile)
	if err != nil {
		return nil
	}
	return strings.Fields(strings.ReplaceAll(strings.TrimSpace(string(b)), " ", "@"))
}

func mustSub(fsys fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(fsys, dir)
	if err != nil {
		panic(err) // unreachable: dir is a valid, constant path
	}
	return sub
}
