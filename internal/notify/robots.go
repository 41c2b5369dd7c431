package notify

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"industrydash/internal/msg"
	"industrydash/internal/store"
)

// Robot sends notices to group robots by webhook: 企业微信, 钉钉, 飞书 and
// a generic JSON webhook. The address of each notice is the robot's
// webhook URL, exactly as the office's IM (or its government gateway)
// gives it; nothing else is contacted.
type Robot struct {
	Client *http.Client
	// Now is the clock of the signatures (钉钉, 飞书); default time.Now.
	Now func() time.Time
	// AllowHosts is Config.AllowHosts: robots elsewhere are refused.
	AllowHosts string
}

// maxMarkdownBytes keeps a message under the robots' limits (企业微信:
// 4096 bytes of markdown content; 飞书: 20 KB of body).
const maxMarkdownBytes = 4000

// Send posts n to its robot and checks the robot's answer.
func (r Robot) Send(ctx context.Context, n store.Notice) error {
	u, err := url.Parse(n.Address)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return permanent(msg.New(msg.NotifyRobotURL, n.Address))
	}
	if !HostAllowed(r.AllowHosts, n.Address) {
		return permanent(msg.New(msg.NotifyRobotHost, u.Hostname()))
	}
	now := time.Now
	if r.Now != nil {
		now = r.Now
	}
	text := clip(n.Body, maxMarkdownBytes)
	var body any
	switch n.Channel {
	case store.ChannelWeCom:
		// https://developer.work.weixin.qq.com/document/path/91770 (群机器人: markdown 类型)
		body = map[string]any{"msgtype": "markdown", "markdown": map[string]string{"content": text}}
	case store.ChannelDingTalk:
		// 钉钉自定义机器人: markdown 消息 (title 只在会话列表显示); 加签:
		// timestamp (毫秒) + "\n" + secret 以 secret 为密钥 HmacSHA256,
		// Base64 后 URL 编码，放在 timestamp、sign 查询参数中。
		body = map[string]any{"msgtype": "markdown", "markdown": map[string]string{"title": n.Subject, "text": text}}
		if n.Secret != "" {
			ts := strconv.FormatInt(now().UnixMilli(), 10)
			m := hmac.New(sha256.New, []byte(n.Secret))
			m.Write([]byte(ts + "\n" + n.Secret))
			q := u.Query()
			q.Set("timestamp", ts)
			q.Set("sign", base64.StdEncoding.EncodeToString(m.Sum(nil)))
			u.RawQuery = q.Encode()
		}
	case store.ChannelFeishu:
		// 飞书自定义机器人: 消息卡片 (markdown 组件); 签名校验: 以
		// timestamp (秒) + "\n" + secret 为密钥对空串 HmacSHA256，Base64，
		// 与 timestamp 一同放在请求体中。
		card := map[string]any{
			"header":   map[string]any{"title": map[string]string{"tag": "plain_text", "content": n.Subject}},
			"elements": []any{map[string]string{"tag": "markdown", "content": text}},
		}
		msg := map[string]any{"msg_type": "interactive", "card": card}
		if n.Secret != "" {
			ts := strconv.FormatInt(now().Unix(), 10)
			m := hmac.New(sha256.New, []byte(ts+"\n"+n.Secret))
			msg["timestamp"] = ts
			msg["sign"] = base64.StdEncoding.EncodeToString(m.Sum(nil))
		}
		body = msg
	case store.ChannelWebhook:
		body = map[string]any{"event": n.Event, "subject": n.Subject, "text": n.Body, "key": n.Key,
			"created_at": n.CreatedAt.UTC().Format(time.RFC3339)}
	default:
		return permanent(msg.New(msg.NotifyUnknownChannel, n.Channel))
	}
	raw, err := json.Marshal(body)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u.String(), bytes.NewReader(raw))
	if err != nil {
		return permanent(err)
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	client := r.Client
	if client == nil {
		client = &http.Client{Timeout: 20 * time.Second}
	}
	resp, err := client.Do(req)
	if err != nil {
		return msg.Wrap(err, msg.NotifyRobotDial, u.Host)
	}
	defer resp.Body.Close()
	answer, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode/100 != 2 {
		err := msg.New(msg.NotifyRobotHTTP, u.Host, resp.StatusCode, clip(string(answer), 300))
		if resp.StatusCode/100 == 4 && resp.StatusCode != http.StatusTooManyRequests && resp.StatusCode != http.StatusRequestTimeout {
			return permanent(err)
		}
		return err
	}
	if n.Channel == store.ChannelWebhook {
		return nil
	}
	// The IM robots answer 200 with an error code in the body.
	var res struct {
		ErrCode *int   `json:"errcode"` // 企业微信, 钉钉
		ErrMsg  string `json:"errmsg"`
		Code    *int   `json:"code"` // 飞书
		Msg     string `json:"msg"`
	}
	if len(bytes.TrimSpace(answer)) == 0 {
		return nil
	}
	if err := json.Unmarshal(answer, &res); err != nil {
		return msg.New(msg.NotifyRobotNotJSON, u.Host, clip(string(answer), 300))
	}
	switch {
	case res.ErrCode != nil && *res.ErrCode != 0:
		return msg.New(msg.NotifyRobotErrcode, u.Host, *res.ErrCode, res.ErrMsg)
	case res.Code != nil && *res.Code != 0:
		return msg.New(msg.NotifyRobotCode, u.Host, *res.Code, res.Msg)
	}
	return nil
}

// clip cuts s to at most n bytes on a rune boundary, marking the cut.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n - len("…")
	for cut > 0 && !utf8Start(s[cut]) {
		cut--
	}
	return strings.TrimRight(s[:cut], "\n") + "…"
}

func utf8Start(b byte) bool { return b&0xC0 != 0x80 }
