package notify

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"mime"
	"mime/multipart"
	"net"
	"net/mail"
	"net/smtp"
	"net/textproto"
	"net/url"
	"strings"
	"time"

	"industrydash/internal/msg"
	"industrydash/internal/store"
)

// Mailer sends e-mail through one SMTP server with the standard library
// (net/smtp, mime/multipart): STARTTLS when the server offers it, AUTH
// PLAIN when a user is given (net/smtp sends a password only over TLS or
// to localhost).
type Mailer struct {
	Host, Port string
	User, Pass string
	From       string
	// TLSConfig is used for STARTTLS (default: verify the host name).
	TLSConfig *tls.Config
	// Now dates the messages (default time.Now).
	Now func() time.Time
}

// ParseSMTP reads -smtp smtp://user:pass@host:port (port 25 by default).
func ParseSMTP(raw, from string) (*Mailer, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "smtp" || u.Hostname() == "" {
		return nil, msg.New(msg.NotifyBadSMTPURL, redactURL(raw))
	}
	m := &Mailer{Host: u.Hostname(), Port: u.Port(), From: from}
	if m.Port == "" {
		m.Port = "25"
	}
	if u.User != nil {
		m.User = u.User.Username()
		m.Pass, _ = u.User.Password()
	}
	if strings.TrimSpace(from) == "" {
		m.From = "industrydash@" + m.Host
		if m.User != "" && strings.Contains(m.User, "@") {
			m.From = m.User
		}
	}
	if _, err := mail.ParseAddress(m.From); err != nil {
		return nil, msg.New(msg.NotifyBadFrom, m.From)
	}
	return m, nil
}

// redactURL hides the password of a URL for messages and logs.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return raw
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "***")
	}
	return u.String()
}

// Send delivers n to its address.
func (m *Mailer) Send(ctx context.Context, n store.Notice) error {
	to, err := mail.ParseAddress(n.Address)
	if err != nil {
		return permanent(msg.New(msg.NotifyBadRecipient, n.Address))
	}
	body, err := m.compose(n, to.Address)
	if err != nil {
		return permanent(err)
	}
	d := net.Dialer{Timeout: 20 * time.Second}
	conn, err := d.DialContext(ctx, "tcp", net.JoinHostPort(m.Host, m.Port))
	if err != nil {
		return msg.Wrap(err, msg.NotifySMTPDial, net.JoinHostPort(m.Host, m.Port))
	}
	deadline := time.Now().Add(60 * time.Second)
	if dl, ok := ctx.Deadline(); ok && dl.Before(deadline) {
		deadline = dl
	}
	_ = conn.SetDeadline(deadline)
	c, err := smtp.NewClient(conn, m.Host)
	if err != nil {
		conn.Close()
		return msg.Wrap(err, msg.NotifySMTPHello, m.Host)
	}
	defer c.Close()
	if ok, _ := c.Extension("STARTTLS"); ok {
		cfg := m.TLSConfig
		if cfg == nil {
			cfg = &tls.Config{ServerName: m.Host, MinVersion: tls.VersionTLS12}
		}
		if err := c.StartTLS(cfg); err != nil {
			return msg.Wrap(err, msg.NotifySMTPStartTLS, m.Host)
		}
	}
	if m.User != "" {
		if ok, mechs := c.Extension("AUTH"); ok {
			var a smtp.Auth = smtp.PlainAuth("", m.User, m.Pass, m.Host)
			if !strings.Contains(" "+strings.ToUpper(mechs)+" ", " PLAIN ") && strings.Contains(" "+strings.ToUpper(mechs)+" ", " LOGIN ") {
				a = loginAuth{user: m.User, pass: m.Pass, host: m.Host}
			}
			// A refused login is retried (with backoff): the operator may
			// correct -smtp meanwhile.
			if err := c.Auth(a); err != nil {
				return msg.Wrap(err, msg.NotifySMTPAuth, m.Host, m.User)
			}
		}
	}
	from, _ := mail.ParseAddress(m.From)
	if err := c.Mail(from.Address); err != nil {
		return msg.Wrap(err, msg.NotifySMTPFrom, from.Address)
	}
	if err := c.Rcpt(to.Address); err != nil {
		var te *textproto.Error
		if errors.As(err, &te) && te.Code >= 500 {
			return permanent(msg.Wrap(err, msg.NotifySMTPRcpt, to.Address))
		}
		return msg.Wrap(err, msg.NotifySMTPRcptTemp, to.Address)
	}
	w, err := c.Data()
	if err != nil {
		return msg.Wrap(err, msg.NotifySMTPData)
	}
	if _, err := w.Write(body); err != nil {
		return msg.Wrap(err, msg.NotifySMTPWrite)
	}
	if err := w.Close(); err != nil {
		return msg.Wrap(err, msg.NotifySMTPNotAccepted)
	}
	return c.Quit()
}

// compose builds the MIME message: a UTF-8 text part (base64) and, when
// the notice has one, the attachment (base64, its name RFC 2047-encoded).
func (m *Mailer) compose(n store.Notice, to string) ([]byte, error) {
	now := time.Now
	if m.Now != nil {
		now = m.Now
	}
	var buf bytes.Buffer
	id := make([]byte, 12)
	_, _ = rand.Read(id)
	from, err := mail.ParseAddress(m.From)
	if err != nil {
		return nil, err
	}
	if from.Name == "" {
		from.Name = "工业经济运行监测"
	}
	h := func(k, v string) { fmt.Fprintf(&buf, "%s: %s\r\n", k, v) }
	h("From", from.String())
	h("To", to)
	h("Subject", mime.BEncoding.Encode("utf-8", n.Subject))
	h("Date", now().Format(time.RFC1123Z))
	h("Message-ID", "<"+hex.EncodeToString(id)+"@"+m.Host+">")
	h("MIME-Version", "1.0")
	h("Auto-Submitted", "auto-generated")
	mw := multipart.NewWriter(&buf)
	h("Content-Type", `multipart/mixed; boundary="`+mw.Boundary()+`"`)
	buf.WriteString("\r\n")
	text, err := mw.CreatePart(textproto.MIMEHeader{
		"Content-Type":              {"text/plain; charset=utf-8"},
		"Content-Transfer-Encoding": {"base64"},
	})
	if err != nil {
		return nil, err
	}
	writeBase64(text, []byte(strings.ReplaceAll(n.Body, "\n", "\r\n")))
	if len(n.Attachment) > 0 {
		name := mime.BEncoding.Encode("utf-8", n.AttachmentName)
		ctype := mime.TypeByExtension(extOf(n.AttachmentName))
		if ctype == "" {
			ctype = "application/octet-stream"
		}
		part, err := mw.CreatePart(textproto.MIMEHeader{
			"Content-Type":              {fmt.Sprintf("%s; name=%q", ctype, name)},
			"Content-Transfer-Encoding": {"base64"},
			"Content-Disposition":       {fmt.Sprintf("attachment; filename=%q", name)},
		})
		if err != nil {
			return nil, err
		}
		writeBase64(part, n.Attachment)
	}
	if err := mw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func extOf(name string) string {
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		return name[i:]
	}
	return ""
}

// writeBase64 writes b in base64 lines of 76 characters.
func writeBase64(w interface{ Write([]byte) (int, error) }, b []byte) {
	enc := base64.StdEncoding.EncodeToString(b)
	for len(enc) > 76 {
		_, _ = w.Write([]byte(enc[:76] + "\r\n"))
		enc = enc[76:]
	}
	_, _ = w.Write([]byte(enc + "\r\n"))
}

// loginAuth is AUTH LOGIN, for servers that offer no PLAIN. Like
// smtp.PlainAuth it sends the password only over TLS or to this machine.
type loginAuth struct{ user, pass, host string }

func (a loginAuth) Start(server *smtp.ServerInfo) (string, []byte, error) {
	if !server.TLS && a.host != "localhost" && a.host != "127.0.0.1" && a.host != "::1" {
		return "", nil, errors.New("unencrypted connection")
	}
	return "LOGIN", nil, nil
}

func (a loginAuth) Next(fromServer []byte, more bool) ([]byte, error) {
	if !more {
		return nil, nil
	}
	switch strings.ToLower(strings.TrimSpace(string(fromServer))) {
	case "username:":
		return []byte(a.user), nil
	case "password:":
		return []byte(a.pass), nil
	}
	return nil, fmt.Errorf("unexpected AUTH LOGIN challenge %q", fromServer)
}
