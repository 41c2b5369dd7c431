package parse

import (
	"archive/zip"
	"bytes"

	"industrydash/internal/msg"
)

// Limits on a workbook's zip container, checked by content before any
// workbook library opens it, whatever the file is called (.xlsx, .xlsm, an
// .xls that is really a zip, no extension at all). Real workbooks of this
// product are well under them; a zip bomb of a few hundred kilobytes that
// unpacks to gigabytes is refused in microseconds, from the central
// directory alone.
const (
	// MaxUnzippedBytes is the most all entries may unpack to.
	MaxUnzippedBytes = 100 << 20
	// MaxZipEntries is the most entries a workbook may hold.
	MaxZipEntries = 1000
	// maxRatio is the highest compression ratio of an entry over
	// ratioFloor bytes: sheet XML compresses about 10:1, bombs 1000:1.
	maxRatio   = 200
	ratioFloor = 1 << 20
)

// isZip reports whether b starts like a zip archive.
func isZip(b []byte) bool {
	return bytes.HasPrefix(b, []byte("PK\x03\x04")) || bytes.HasPrefix(b, []byte("PK\x05\x06"))
}

// CheckZip refuses a zip container that is not a plausible workbook: more
// than MaxZipEntries entries, more than MaxUnzippedBytes unpacked, or an
// entry compressed implausibly well. The sizes are the declared ones;
// archive/zip (which excelize uses) refuses to read past them, so they
// cannot lie. The error is a *FileError with a Chinese message.
func CheckZip(b []byte, name string) error {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return &FileError{File: name, Msg: msg.New(msg.ParseBadWorkbook), Err: err}
	}
	if len(zr.File) > MaxZipEntries {
		return &FileError{File: name, Msg: msg.New(msg.ParseTooManyEntries, len(zr.File), MaxZipEntries)}
	}
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if total > MaxUnzippedBytes || f.UncompressedSize64 > MaxUnzippedBytes {
			return &FileError{File: name, Msg: msg.New(msg.ParseUnzipped, MaxUnzippedBytes>>20)}
		}
		if f.UncompressedSize64 > ratioFloor && f.UncompressedSize64 > maxRatio*max(f.CompressedSize64, 1) {
			return &FileError{File: name, Msg: msg.New(msg.ParseRatio, f.Name, f.UncompressedSize64, f.CompressedSize64)}
		}
	}
	return checkXMLParts(zr, name)
}
