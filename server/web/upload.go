package web

import (
	"fmt"
	"io"
	"mime/multipart"
	"net/url"
	"path"

	"industrydash/internal/review"
)

// readFormFile reads an uploaded file, never more than the upload limit.
func readFormFile(fh *multipart.FileHeader) ([]byte, error) {
	f, err := fh.Open()
	if err != nil {
		return nil, fmt.Errorf("open upload: %w", err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, review.MaxUploadBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read upload: %w", err)
	}
	return b, nil
}

// contentDisposition names a download, Chinese file names included (RFC 6266).
func contentDisposition(name string) string {
	return fmt.Sprintf(`attachment; filename="download%s"; filename*=UTF-8''%s`, path.Ext(name), url.PathEscape(name))
}
