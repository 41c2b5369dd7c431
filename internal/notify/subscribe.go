package notify

import (
	"context"
	"errors"
	"net/mail"
	"net/url"
	"slices"
	"strings"
	"time"

	"industrydash/internal/auth"
	"industrydash/internal/msg"
	"industrydash/internal/store"
)

// InputError is a subscription request that cannot be accepted; its
// message (msg.Text) says why and what to do.
type InputError struct{ Err error }

func (e *InputError) Error() string { return e.Err.Error() }

// Unwrap returns the message.
func (e *InputError) Unwrap() error { return e.Err }

func inputErr(code msg.Code, args ...any) error {
	return &InputError{Err: msg.New(code, args...)}
}

// EventLabels names the events as the pages do.
var EventLabels = map[string]string{
	store.EventBriefing: "简报（新一期简报，邮件附 PDF）",
	store.EventLagging:  "滞后指标提醒（目标转为滞后）",
	store.EventDeadline: "报送截止提醒与逾期通知",
	store.EventReturned: "填报被退回（附原因）",
	store.EventApproved: "填报审核通过",
}

// ChannelLabels names the channels as the pages do.
var ChannelLabels = map[string]string{
	store.ChannelEmail:    "电子邮件",
	store.ChannelWeCom:    "企业微信群机器人",
	store.ChannelDingTalk: "钉钉群机器人",
	store.ChannelFeishu:   "飞书群机器人",
	store.ChannelWebhook:  "通用 JSON Webhook",
}

// Events and Channels list the choices in the order the pages show them.
var (
	Events   = []string{store.EventBriefing, store.EventLagging, store.EventDeadline, store.EventReturned, store.EventApproved}
	Channels = []string{store.ChannelEmail, store.ChannelWeCom, store.ChannelDingTalk, store.ChannelFeishu, store.ChannelWebhook}
)

// Request is what a user asks to subscribe to.
type Request struct {
	Event   string `json:"event"`
	Channel string `json:"channel"`
	Address string `json:"address"`
	// Secret is the robot's signing secret (钉钉 加签, 飞书 签名校验).
	Secret string `json:"secret"`
	// Group marks an office's shared address (admins only).
	Group bool `json:"group"`
	// Digest asks for alerts once a day (lagging, deadline).
	Digest bool `json:"digest"`
}

// cityEvents are about city-wide data, which reporters do not see.
var cityEvents = []string{store.EventBriefing, store.EventLagging}

// Subscribe checks r for user u and stores the subscription with its audit
// entry. Reporters hear of their own unit's submissions only.
//
// allowHosts is Config.AllowHosts: robot and webhook addresses elsewhere
// are refused.
func Subscribe(ctx context.Context, st store.Notifications, u store.User, a auth.Actor, r Request, allowHosts string) (store.Subscription, error) {
	r.Event = strings.ToLower(strings.TrimSpace(r.Event))
	r.Channel = strings.ToLower(strings.TrimSpace(r.Channel))
	r.Address = strings.TrimSpace(r.Address)
	r.Secret = strings.TrimSpace(r.Secret)
	if !slices.Contains(Events, r.Event) {
		return store.Subscription{}, inputErr(msg.NotifyBadEvent, r.Event, strings.Join(Events, "、"))
	}
	if !slices.Contains(Channels, r.Channel) {
		return store.Subscription{}, inputErr(msg.NotifyBadChannel, r.Channel, strings.Join(Channels, "、"))
	}
	if u.Role == store.RoleReporter && slices.Contains(cityEvents, r.Event) {
		return store.Subscription{}, inputErr(msg.NotifyReporterEvents)
	}
	if u.Role == store.RoleLeader && !slices.Contains(cityEvents, r.Event) {
		return store.Subscription{}, inputErr(msg.NotifyLeaderEvents)
	}
	if r.Group && u.Role != store.RoleAdmin {
		return store.Subscription{}, inputErr(msg.NotifyGroupAdminOnly)
	}
	if r.Digest && r.Event != store.EventLagging && r.Event != store.EventDeadline {
		return store.Subscription{}, inputErr(msg.NotifyDigestEvents)
	}
	if len(r.Address) > 2000 || len(r.Secret) > 500 {
		return store.Subscription{}, inputErr(msg.NotifyTooLong)
	}
	switch r.Channel {
	case store.ChannelEmail:
		addr, err := mail.ParseAddress(r.Address)
		if err != nil || addr.Address != r.Address && addr.Name == "" {
			return store.Subscription{}, inputErr(msg.NotifyBadEmail, r.Address)
		}
		r.Address = addr.Address
		if r.Secret != "" {
			return store.Subscription{}, inputErr(msg.NotifyEmailNoSecret)
		}
	default:
		p, err := url.Parse(r.Address)
		if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" || p.User != nil {
			return store.Subscription{}, inputErr(msg.NotifyBadRobotAddress, r.Address)
		}
		if !HostAllowed(allowHosts, r.Address) {
			return store.Subscription{}, inputErr(msg.NotifyRobotHostNotAllowed, p.Hostname())
		}
		if r.Secret != "" && r.Channel != store.ChannelDingTalk && r.Channel != store.ChannelFeishu {
			return store.Subscription{}, inputErr(msg.NotifySecretOnlyRobots)
		}
	}
	sub := store.Subscription{UserID: u.ID, UserName: u.Name, Event: r.Event, Channel: r.Channel, Address: r.Address,
		Secret: r.Secret, Group: r.Group, Digest: r.Digest, CreatedAt: time.Now()}
	if u.Role == store.RoleReporter {
		sub.OrgUnit = u.OrgUnit
	}
	entry := store.AuditEntry{Actor: a.Name, Role: a.Role, Action: "subscription.add", IP: a.IP, RequestID: a.RequestID,
		Object: "订阅：" + eventNames[r.Event], New: describe(sub)}
	out, err := st.AddSubscription(ctx, sub, []store.AuditEntry{entry})
	if errors.Is(err, store.ErrConflict) {
		return out, inputErr(msg.NotifyDuplicate, EventLabels[r.Event], ChannelLabels[r.Channel], r.Address)
	}
	return out, err
}

// eventNames are the events' short Chinese names, for the audit log.
var eventNames = map[string]string{store.EventBriefing: "简报", store.EventLagging: "滞后指标提醒",
	store.EventDeadline: "报送截止提醒", store.EventReturned: "填报退回通知", store.EventApproved: "填报通过通知"}

// describe is a subscription as the audit log records it, in Chinese and
// without the robot's key or secret.
func describe(s store.Subscription) string {
	d := "事件：" + eventNames[s.Event] + "，渠道：" + ChannelLabels[s.Channel] + "，地址：" + RedactAddress(s.Address)
	if s.Group {
		d += "，科室群"
	}
	if s.Digest {
		d += "，每日汇总"
	}
	if s.Secret != "" {
		d += "，带签名密钥"
	}
	return d
}

// RedactAddress hides a webhook URL's query (robot keys live there), for
// lists and the audit log.
func RedactAddress(addr string) string {
	u, err := url.Parse(addr)
	if err != nil || u.Scheme == "" {
		return addr
	}
	if u.RawQuery != "" {
		u.RawQuery = "…"
	}
	return u.String()
}

// Unsubscribe deletes subscription id: the user's own, or anyone's for an
// admin. It returns store.ErrNotFound when there is no such subscription
// (or it is someone else's).
func Unsubscribe(ctx context.Context, st store.Notifications, u store.User, a auth.Actor, id string) error {
	owner := u.ID
	if u.Role == store.RoleAdmin {
		owner = ""
	}
	subs, err := st.Subscriptions(ctx, owner)
	if err != nil {
		return err
	}
	var sub store.Subscription
	for _, s := range subs {
		if s.ID == id {
			sub = s
		}
	}
	if sub.ID == "" {
		return store.NotFound("delete", "subscription", id)
	}
	entry := store.AuditEntry{Actor: a.Name, Role: a.Role, Action: "subscription.delete", IP: a.IP, RequestID: a.RequestID,
		Object: "订阅：" + eventNames[sub.Event], Old: describe(sub) + "，订阅人：" + sub.UserName}
	return st.DeleteSubscription(ctx, id, owner, []store.AuditEntry{entry})
}

// UnsubscribeByToken deletes the subscription of an e-mail's unsubscribe
// link; the audit entry names the subscriber.
func UnsubscribeByToken(ctx context.Context, st store.Notifications, token, ip string) (store.Subscription, error) {
	sub, err := st.SubscriptionByToken(ctx, token)
	if err != nil {
		return sub, err
	}
	entry := store.AuditEntry{Actor: sub.UserName, Action: "subscription.unsubscribe", IP: ip,
		Object: "订阅：" + eventNames[sub.Event], Old: describe(sub) + "，订阅人：" + sub.UserName + "（经邮件中的退订链接）"}
	return sub, st.DeleteSubscription(ctx, sub.ID, "", []store.AuditEntry{entry})
}
