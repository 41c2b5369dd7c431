// Package sinks are the far ends of the product's push channels, for tests:
// a local SMTP server that keeps every mail it accepts, and a local webhook
// receiver that keeps every request (and can be told to fail). Both listen
// on 127.0.0.1 only, on a free port, and stop when the test ends.
package sinks

import (
	"bufio"
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"io"
	"math/big"
	"mime"
	"mime/multipart"
	"net"
	"net/http"
	"net/mail"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// Mail is one message the SMTP sink accepted.
type Mail struct {
	From string
	To   []string
	// Auth is the user name of AUTH PLAIN ("" without authentication).
	Auth string
	// TLS reports that the message came over STARTTLS.
	TLS bool
	Raw []byte
}

// SMTP is a minimal SMTP server (EHLO, AUTH PLAIN, MAIL, RCPT, DATA, RSET,
// NOOP, QUIT) that keeps what it is sent.
type SMTP struct {
	// Addr is host:port.
	Addr string
	mu   sync.Mutex
	mail []Mail
	// FailRcpt, when > 0, answers the next FailRcpt RCPT commands with a
	// temporary failure (451), so a sender must retry.
	failRcpt int
	ln       net.Listener
	tls      *tls.Config
	// Roots trusts the sink's certificate (NewSMTPTLS).
	Roots *x509.CertPool
}

// NewSMTPTLS starts a sink that offers STARTTLS with a certificate for
// 127.0.0.1 made for the test (trusted by Roots).
func NewSMTPTLS(t testing.TB) *SMTP {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	s := newSMTP(t, &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}, MinVersion: tls.VersionTLS12})
	s.Roots = x509.NewCertPool()
	s.Roots.AddCert(cert)
	return s
}

// NewSMTP starts the sink (without STARTTLS); it stops at the end of t.
func NewSMTP(t testing.TB) *SMTP {
	t.Helper()
	return newSMTP(t, nil)
}

func newSMTP(t testing.TB, cfg *tls.Config) *SMTP {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &SMTP{Addr: ln.Addr().String(), ln: ln, tls: cfg}
	go s.serve()
	t.Cleanup(func() { ln.Close() })
	return s
}

// URL is the sink as -smtp takes it, with the given user and password.
func (s *SMTP) URL(user, pass string) string {
	u := url.URL{Scheme: "smtp", Host: s.Addr}
	if user != "" {
		u.User = url.UserPassword(user, pass)
	}
	return u.String()
}

// FailNext makes the next n recipients fail temporarily (451).
func (s *SMTP) FailNext(n int) {
	s.mu.Lock()
	s.failRcpt = n
	s.mu.Unlock()
}

// Mails returns the mail accepted so far.
func (s *SMTP) Mails() []Mail {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Mail(nil), s.mail...)
}

func (s *SMTP) serve() {
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		go s.session(c)
	}
}

func (s *SMTP) session(c net.Conn) {
	defer func() { c.Close() }()
	r := bufio.NewReader(c)
	say := func(line string) { _, _ = io.WriteString(c, line+"\r\n") }
	say("220 sink.local ESMTP test sink")
	var cur Mail
	auth := ""
	secure := false
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		line = strings.TrimRight(line, "\r\n")
		verb := strings.ToUpper(strings.SplitN(line, " ", 2)[0])
		switch verb {
		case "EHLO":
			say("250-sink.local")
			if s.tls != nil && !secure {
				say("250-STARTTLS")
			}
			say("250-AUTH PLAIN")
			say("250 8BITMIME")
		case "STARTTLS":
			if s.tls == nil || secure {
				say("502 Command not implemented")
				continue
			}
			say("220 2.0.0 Ready to start TLS")
			tc := tls.Server(c, s.tls)
			if err := tc.Handshake(); err != nil {
				return
			}
			c, r, secure = tc, bufio.NewReader(tc), true
			say = func(line string) { _, _ = io.WriteString(tc, line+"\r\n") }
			cur, auth = Mail{}, ""
		case "HELO":
			say("250 sink.local")
		case "AUTH":
			f := strings.Fields(line)
			if len(f) == 3 && strings.EqualFold(f[1], "PLAIN") {
				if raw, err := base64.StdEncoding.DecodeString(f[2]); err == nil {
					parts := bytes.Split(raw, []byte{0})
					if len(parts) == 3 {
						auth = string(parts[1])
						say("235 2.7.0 Authentication successful")
						continue
					}
				}
			}
			say("535 5.7.8 Authentication failed")
		case "MAIL":
			cur = Mail{From: addrOf(line), Auth: auth, TLS: secure}
			say("250 OK")
		case "RCPT":
			s.mu.Lock()
			fail := s.failRcpt > 0
			if fail {
				s.failRcpt--
			}
			s.mu.Unlock()
			if fail {
				say("451 4.3.0 Try again later")
				continue
			}
			cur.To = append(cur.To, addrOf(line))
			say("250 OK")
		case "DATA":
			if len(cur.To) == 0 {
				say("554 no valid recipients")
				continue
			}
			say("354 End data with <CR><LF>.<CR><LF>")
			var data bytes.Buffer
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" || l == ".\n" {
					break
				}
				if strings.HasPrefix(l, "..") {
					l = l[1:]
				}
				data.WriteString(l)
			}
			cur.Raw = data.Bytes()
			s.mu.Lock()
			s.mail = append(s.mail, cur)
			s.mu.Unlock()
			cur = Mail{}
			say("250 OK queued")
		case "RSET":
			cur = Mail{}
			say("250 OK")
		case "NOOP":
			say("250 OK")
		case "QUIT":
			say("221 Bye")
			return
		default:
			say("502 Command not implemented")
		}
	}
}

func addrOf(line string) string {
	i, j := strings.IndexByte(line, '<'), strings.LastIndexByte(line, '>')
	if i < 0 || j < i {
		return ""
	}
	return line[i+1 : j]
}

// Part is a decoded MIME part of a mail.
type Part struct {
	ContentType string
	Filename    string
	Body        []byte
}

// Parsed is a mail read back: its decoded subject and parts.
type Parsed struct {
	Subject string
	Header  mail.Header
	Parts   []Part
}

// Text is the concatenated text/plain parts.
func (p Parsed) Text() string {
	var b strings.Builder
	for _, pt := range p.Parts {
		if strings.HasPrefix(pt.ContentType, "text/plain") {
			b.Write(pt.Body)
		}
	}
	return b.String()
}

// Attachments are the parts with a file name.
func (p Parsed) Attachments() []Part {
	var out []Part
	for _, pt := range p.Parts {
		if pt.Filename != "" {
			out = append(out, pt)
		}
	}
	return out
}

// Parse decodes m as a mail reader would.
func (m Mail) Parse() (Parsed, error) {
	msg, err := mail.ReadMessage(bytes.NewReader(m.Raw))
	if err != nil {
		return Parsed{}, err
	}
	dec := new(mime.WordDecoder)
	subj, err := dec.DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		return Parsed{}, err
	}
	out := Parsed{Subject: subj, Header: msg.Header}
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil {
		return out, err
	}
	if !strings.HasPrefix(mt, "multipart/") {
		body, err := decodeBody(msg.Header.Get("Content-Transfer-Encoding"), msg.Body)
		out.Parts = append(out.Parts, Part{ContentType: mt, Body: body})
		return out, err
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		p, err := mr.NextRawPart()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		body, err := decodeBody(p.Header.Get("Content-Transfer-Encoding"), p)
		if err != nil {
			return out, err
		}
		name := ""
		if _, dp, err := mime.ParseMediaType(p.Header.Get("Content-Disposition")); err == nil {
			name, _ = dec.DecodeHeader(dp["filename"])
		}
		out.Parts = append(out.Parts, Part{ContentType: p.Header.Get("Content-Type"), Filename: name, Body: body})
	}
}

func decodeBody(cte string, r io.Reader) ([]byte, error) {
	raw, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	if strings.EqualFold(strings.TrimSpace(cte), "base64") {
		return base64.StdEncoding.DecodeString(strings.Join(strings.Fields(string(raw)), ""))
	}
	return raw, nil
}

// Request is one request the webhook sink received.
type Request struct {
	Path  string
	Query url.Values
	Body  []byte
}

// Webhook is a local HTTP receiver for robot webhooks. It answers as the
// IM robots do on success ({"errcode":0,"errmsg":"ok"}) unless told to fail.
type Webhook struct {
	// URL is the base URL (http://127.0.0.1:port); any path is accepted.
	URL  string
	mu   sync.Mutex
	reqs []Request
	fail int
}

// NewWebhook starts the receiver; it stops at the end of t.
func NewWebhook(t testing.TB) *Webhook {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	w := &Webhook{URL: "http://" + ln.Addr().String()}
	srv := &http.Server{Handler: w}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { srv.Close() })
	return w
}

// FailNext makes the next n requests fail with HTTP 503 (they are still
// recorded as received).
func (w *Webhook) FailNext(n int) {
	w.mu.Lock()
	w.fail = n
	w.mu.Unlock()
}

// Requests returns the requests received so far, failed ones included.
func (w *Webhook) Requests() []Request {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]Request(nil), w.reqs...)
}

// ServeHTTP records the request and answers.
func (w *Webhook) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	w.mu.Lock()
	w.reqs = append(w.reqs, Request{Path: r.URL.Path, Query: r.URL.Query(), Body: body})
	fail := w.fail > 0
	if fail {
		w.fail--
	}
	w.mu.Unlock()
	rw.Header().Set("Content-Type", "application/json")
	if fail {
		rw.WriteHeader(http.StatusServiceUnavailable)
		_, _ = io.WriteString(rw, `{"errcode":-1,"errmsg":"system busy"}`)
		return
	}
	_, _ = io.WriteString(rw, `{"errcode":0,"errmsg":"ok"}`)
}
