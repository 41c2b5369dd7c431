package notify

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"time"

	"industrydash/internal/msg"
)

// The embedded store is opened by one process at a time: while the server
// runs, `server notify -once` cannot open it. The server therefore listens
// on a Unix socket in the data directory (ControlSocket, mode 0600: only
// the operating-system user running the server may connect, as only it may
// open the data files), and the command asks the running server to do the
// round with the command's settings and clock.

// ControlSocket is the socket's file name in the data directory.
const ControlSocket = "notify.sock"

// OnceRequest asks a running server for one round.
type OnceRequest struct {
	Now    time.Time `json:"now"`
	Config Config    `json:"config"`
}

// onceReply is the server's answer.
type onceReply struct {
	Result OnceResult `json:"result"`
	Error  string     `json:"error,omitempty"`
}

// ServeControl accepts rounds on the socket at path until ctx ends; round
// runs one. A stale socket file (a server that was killed) is replaced.
func ServeControl(ctx context.Context, path string, round func(ctx context.Context, r OnceRequest) (OnceResult, error), log *slog.Logger) error {
	if c, err := net.DialTimeout("unix", path, time.Second); err == nil {
		c.Close()
		return fmt.Errorf("notify control socket %s is in use by another process", path)
	}
	_ = os.Remove(path)
	ln, err := net.Listen("unix", path)
	if err != nil {
		return fmt.Errorf("notify control socket: %w", err)
	}
	if err := os.Chmod(path, 0o600); err != nil {
		ln.Close()
		return fmt.Errorf("notify control socket: %w", err)
	}
	go func() {
		<-ctx.Done()
		ln.Close()
		_ = os.Remove(path)
	}()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				_ = c.SetDeadline(time.Now().Add(10 * time.Minute))
				var req OnceRequest
				if err := json.NewDecoder(io.LimitReader(c, 1<<20)).Decode(&req); err != nil {
					log.Warn("notify control: bad request", "err", err)
					return
				}
				res, err := round(ctx, req)
				rep := onceReply{Result: res}
				if err != nil {
					rep.Error = msg.Text(err)
				}
				_ = json.NewEncoder(c).Encode(rep)
			}()
		}
	}()
	return nil
}

// ErrNoServer is returned by CallControl when no server listens on the socket.
var ErrNoServer = errors.New("no running server answers on the notify control socket")

// CallControl asks the server listening at path for one round.
func CallControl(ctx context.Context, path string, req OnceRequest) (OnceResult, error) {
	var d net.Dialer
	c, err := d.DialContext(ctx, "unix", path)
	if err != nil {
		return OnceResult{}, fmt.Errorf("%w: %v", ErrNoServer, err)
	}
	defer c.Close()
	if dl, ok := ctx.Deadline(); ok {
		_ = c.SetDeadline(dl)
	}
	if err := json.NewEncoder(c).Encode(req); err != nil {
		return OnceResult{}, err
	}
	var rep onceReply
	if err := json.NewDecoder(c).Decode(&rep); err != nil {
		return OnceResult{}, fmt.Errorf("read the server's answer: %w", err)
	}
	if rep.Error != "" {
		return rep.Result, errors.New(rep.Error)
	}
	return rep.Result, nil
}
