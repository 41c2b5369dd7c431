package parse

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"industrydash/internal/msg"
)

// MaxFileSize is the largest file Read accepts.
const MaxFileSize = 256 << 20

// File reads the file at path, choosing the format by its extension
// (.csv/.txt/.tsv, .xlsx/.xlsm, .json) or, failing that, by its content.
// Records name the file by its base name.
func File(path string) (*Result, error) { return FileWith(path, DefaultLimits) }

// FileWith is File within lim (and with its unit table).
func FileWith(path string, lim Limits) (*Result, error) {
	name := filepath.Base(path)
	fh, err := os.Open(path)
	if err != nil {
		m := msg.New(msg.ParseCannotOpen)
		if os.IsNotExist(err) {
			m = msg.New(msg.ParseNoSuchFile, path)
		}
		return nil, &FileError{File: name, Msg: m, Err: err}
	}
	defer fh.Close()
	b, err := readAll(fh, name)
	if err != nil {
		return nil, err
	}
	return BytesWith(b, name, lim)
}

// Read reads a file from r; name (a file name) picks the format by its
// extension, and the content decides when the extension says nothing.
func Read(r io.Reader, name string) (*Result, error) {
	b, err := readAll(r, name)
	if err != nil {
		return nil, err
	}
	return Bytes(b, name)
}

// Bytes parses a file already in memory, like Read, within DefaultLimits.
func Bytes(b []byte, name string) (*Result, error) { return BytesWith(b, name, DefaultLimits) }

// BytesWith parses a file already in memory within lim (rows, cells, line
// length); a file over a limit is a *FileError naming it.
func BytesWith(b []byte, name string, lim Limits) (*Result, error) {
	if len(bytes.TrimSpace(bytes.TrimPrefix(b, []byte{0xEF, 0xBB, 0xBF}))) == 0 {
		return nil, &FileError{File: name, Msg: msg.New(msg.ParseEmptyBytes, len(b))}
	}
	if isZip(b) { // a workbook whatever its name: checked before anything opens it
		return parseXLSX(b, name, lim)
	}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".csv", ".tsv", ".txt":
		return parseCSV(b, name, lim)
	case ".xlsx", ".xlsm", ".xls":
		return parseXLSX(b, name, lim)
	case ".json":
		return parseJSON(b, name, lim.Units)
	}
	trimmed := bytes.TrimLeft(bytes.TrimPrefix(b, []byte{0xEF, 0xBB, 0xBF}), " \t\r\n")
	switch {
	case bytes.HasPrefix(b, []byte{0xD0, 0xCF, 0x11, 0xE0}):
		return parseXLSX(b, name, lim)
	case bytes.HasPrefix(trimmed, []byte("[")), bytes.HasPrefix(trimmed, []byte("{")):
		return parseJSON(b, name, lim.Units)
	}
	return parseCSV(b, name, lim)
}

func readAll(r io.Reader, name string) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return nil, &FileError{File: name, Msg: msg.New(msg.ParseReadFailed), Err: fmt.Errorf("read %s: %w", name, err)}
	}
	if len(b) > MaxFileSize {
		return nil, &FileError{File: name, Msg: msg.New(msg.ParseFileTooLarge, MaxFileSize>>20)}
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, &FileError{File: name, Msg: msg.New(msg.ParseEmptyFile)}
	}
	return b, nil
}

func newResult(b []byte, name string, f Format) *Result {
	sum := sha256.Sum256(b)
	return &Result{File: name, Format: f, Checksum: hex.EncodeToString(sum[:]), Size: int64(len(b)), Records: []Record{}}
}
