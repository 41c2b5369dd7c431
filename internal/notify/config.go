// Package notify pushes what the product knows to the people who need it
// (消息推送): a new issue of the 简报, targets turning red, deadlines near
// or missed, submissions returned or approved — by e-mail and through the
// office's group robots (企业微信, 钉钉, 飞书, a generic JSON webhook).
//
// A Scheduler decides what is due and queues notices in the outbox of the
// workflow store (store.Notifications): each notice has a unique key and
// each rule's state moves by compare-and-set, so a rule run twice, or by
// two server processes at once, queues a notice once. A Deliverer leases
// notices and sends them, retrying with backoff and recording every
// attempt. Requests never wait on either: the server runs both in the
// background, and `server notify -once` runs one round for cron and tests.
package notify

import (
	"flag"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"industrydash/internal/msg"
)

// Config is the 消息推送 settings, flags with environment equivalents.
type Config struct {
	// SMTP is smtp://user:pass@host:port (SMTP); empty: no e-mail is sent.
	SMTP string
	// MailFrom is the sender address (MAIL_FROM).
	MailFrom string
	// PublicURL is the address users open the product at, for the links
	// in messages (PUBLIC_URL; default from -addr).
	PublicURL string
	// Interval is how often the server runs the rules and the deliverer
	// (NOTIFY_INTERVAL, default 1 min; 0 turns the background off).
	Interval time.Duration
	// DeadlineDays is how many days before a deadline the reminder goes
	// out (NOTIFY_DEADLINE_DAYS, default 3).
	DeadlineDays int
	// QuietHours is "22:00-07:00" (NOTIFY_QUIET_HOURS): notices falling in
	// it wait until it ends (Beijing time). Empty: none.
	QuietHours string
	// DigestAt is the time of day (Beijing) the daily digest of alerts goes
	// out to subscriptions that asked for one (NOTIFY_DIGEST_AT, 08:30).
	DigestAt string
	// AllowHosts, when set, are the only hosts robot and webhook addresses
	// may point at (NOTIFY_ALLOW_HOSTS, comma-separated; "*.example.org"
	// allows its subdomains). Empty: any address a subscriber enters.
	AllowHosts string
}

// DefaultConfig returns the defaults.
func DefaultConfig() Config {
	return Config{Interval: time.Minute, DeadlineDays: 3, DigestAt: "08:30"}
}

// Register binds the config to flags on fs, each seeded from its
// environment variable.
func (c *Config) Register(fs *flag.FlagSet) {
	fs.StringVar(&c.SMTP, "smtp", env("SMTP", c.SMTP), "邮件服务器 smtp://用户:密码@主机:端口（服务器支持时使用 STARTTLS）；为空时不发邮件 (env SMTP)")
	fs.StringVar(&c.MailFrom, "mail-from", env("MAIL_FROM", c.MailFrom), "发件人地址，如 jjyx@gxj.baotou.gov.cn (env MAIL_FROM)")
	fs.StringVar(&c.PublicURL, "public-url", env("PUBLIC_URL", c.PublicURL), "用户访问本系统的地址，用于消息中的链接和退订链接；默认由 -addr 推出 (env PUBLIC_URL)")
	fs.DurationVar(&c.Interval, "notify-interval", envDuration("NOTIFY_INTERVAL", c.Interval), "后台检查推送规则和投递的间隔；0 关闭后台推送 (env NOTIFY_INTERVAL)")
	fs.IntVar(&c.DeadlineDays, "notify-deadline-days", envInt("NOTIFY_DEADLINE_DAYS", c.DeadlineDays), "报送截止前几天提醒 (env NOTIFY_DEADLINE_DAYS)")
	fs.StringVar(&c.QuietHours, "notify-quiet-hours", env("NOTIFY_QUIET_HOURS", c.QuietHours), "免打扰时段（北京时间），如 22:00-07:00；其间的消息推迟到时段结束后发送；为空时不限 (env NOTIFY_QUIET_HOURS)")
	fs.StringVar(&c.AllowHosts, "notify-allow-hosts", env("NOTIFY_ALLOW_HOSTS", c.AllowHosts), "机器人和 Webhook 地址允许的主机（逗号分隔，*.example.org 含其子域名），如 qyapi.weixin.qq.com,oapi.dingtalk.com,im.gov.local；为空时不限 (env NOTIFY_ALLOW_HOSTS)")
	fs.StringVar(&c.DigestAt, "notify-digest-at", env("NOTIFY_DIGEST_AT", c.DigestAt), "选择“每日汇总”的提醒每天发送的时刻（北京时间） (env NOTIFY_DIGEST_AT)")
}

// Validate checks the config.
func (c Config) Validate() error {
	if c.SMTP != "" {
		if _, err := ParseSMTP(c.SMTP, c.MailFrom); err != nil {
			return err
		}
	}
	if c.PublicURL != "" {
		if u, err := url.Parse(c.PublicURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return msg.New(msg.NotifyBadPublicURL, c.PublicURL)
		}
	}
	if c.DeadlineDays < 0 || c.DeadlineDays > 31 {
		return msg.New(msg.NotifyBadDeadlineDays, c.DeadlineDays)
	}
	if c.Interval < 0 {
		return msg.New(msg.NotifyNegativeInterval)
	}
	if _, _, _, err := parseQuiet(c.QuietHours); err != nil {
		return err
	}
	if _, err := parseClock(c.DigestAt); err != nil {
		return msg.Wrap(err, msg.NotifyDigestAt)
	}
	return nil
}

// parseClock reads "08:30" as minutes after midnight.
func parseClock(s string) (int, error) {
	h, m, ok := strings.Cut(strings.TrimSpace(s), ":")
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if !ok || err1 != nil || err2 != nil || hh < 0 || hh > 23 || mm < 0 || mm > 59 {
		return 0, msg.New(msg.NotifyBadClock, s)
	}
	return hh*60 + mm, nil
}

// parseQuiet reads "22:00-07:00"; on reports whether quiet hours are set.
func parseQuiet(s string) (from, to int, on bool, err error) {
	if strings.TrimSpace(s) == "" {
		return 0, 0, false, nil
	}
	a, b, ok := strings.Cut(s, "-")
	if !ok {
		return 0, 0, false, msg.New(msg.NotifyBadQuiet, s)
	}
	if from, err = parseClock(a); err != nil {
		return 0, 0, false, msg.Wrap(err, msg.NotifyQuiet)
	}
	if to, err = parseClock(b); err != nil {
		return 0, 0, false, msg.Wrap(err, msg.NotifyQuiet)
	}
	return from, to, from != to, nil
}

func env(key, def string) string {
	if v, ok := os.LookupEnv(key); ok {
		return v
	}
	return def
}

func envInt(key string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(key)); err == nil {
		return v
	}
	return def
}

func envDuration(key string, def time.Duration) time.Duration {
	if v, err := time.ParseDuration(os.Getenv(key)); err == nil {
		return v
	}
	return def
}

// HostAllowed reports whether a robot or webhook address may be used under
// the allow list (see Config.AllowHosts); an empty list allows any host.
func HostAllowed(allow, address string) bool {
	if strings.TrimSpace(allow) == "" {
		return true
	}
	u, err := url.Parse(address)
	if err != nil {
		return false
	}
	host := strings.ToLower(u.Hostname())
	for _, a := range strings.Split(allow, ",") {
		a = strings.ToLower(strings.TrimSpace(a))
		switch {
		case a == "":
		case strings.HasPrefix(a, "*."):
			if strings.HasSuffix(host, a[1:]) {
				return true
			}
		case host == a:
			return true
		}
	}
	return false
}
