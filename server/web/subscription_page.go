package web

import (
	"github.com/gofiber/fiber/v2"

	"industrydash/internal/msg"
	"industrydash/internal/notify"
	"industrydash/internal/store"
)

// subscriptionsView is what subscriptions.html shows.
type subscriptionsView struct {
	Subs     []store.Subscription
	All      bool
	Message  string
	Done     string
	Events   []string
	Channels []string
	Admin    bool
	Reporter bool
}

// EventLabel and ChannelLabel name an event and a channel; Addr shows an
// address without a robot's key.
func (subscriptionsView) EventLabel(e string) string   { return notify.EventLabels[e] }
func (subscriptionsView) ChannelLabel(c string) string { return notify.ChannelLabels[c] }
func (subscriptionsView) Addr(a string) string         { return notify.RedactAddress(a) }

// subscriptionsPage serves GET /subscriptions: 我的订阅 (admins: ?all=1).
func (h *Handler) subscriptionsPage(c *fiber.Ctx) error {
	return h.renderSubscriptions(c, subscriptionsView{})
}

func (h *Handler) renderSubscriptions(c *fiber.Ctx, v subscriptionsView) error {
	u, _ := currentUser(c)
	v.All = c.Query("all") == "1" && u.Role == store.RoleAdmin
	subs, err := h.mySubscriptions(c, v.All)
	if err != nil {
		return err
	}
	v.Subs, v.Events, v.Channels = subs, notify.Events, notify.Channels
	v.Admin, v.Reporter = u.Role == store.RoleAdmin, u.Role == store.RoleReporter
	return h.render(c, "subscriptions", pageData{Title: "我的订阅", Nav: "subscriptions", Data: v})
}

// subscriptionCreate serves POST /subscriptions (the page's form).
func (h *Handler) subscriptionCreate(c *fiber.Ctx) error {
	st, err := h.notifications()
	if err != nil {
		return err
	}
	u, _ := currentUser(c)
	req := notify.Request{Event: c.FormValue("event"), Channel: c.FormValue("channel"), Address: c.FormValue("address"),
		Secret: c.FormValue("secret"), Group: c.FormValue("group") == "1", Digest: c.FormValue("digest") == "1"}
	if _, err := notify.Subscribe(c.UserContext(), st, u, actor(c), req, h.notifyHosts); err != nil {
		if e := subscriptionError(err); e != err {
			c.Status(fiber.StatusBadRequest)
			return h.renderSubscriptions(c, subscriptionsView{Message: msg.Text(e)})
		}
		return err
	}
	return h.renderSubscriptions(c, subscriptionsView{Done: "已订阅：" + notify.EventLabels[req.Event] + "，经" + notify.ChannelLabels[req.Channel] + "发送。"})
}

// subscriptionDelete serves POST /subscriptions/:id/delete.
func (h *Handler) subscriptionDelete(c *fiber.Ctx) error {
	st, err := h.notifications()
	if err != nil {
		return err
	}
	u, _ := currentUser(c)
	if err := notify.Unsubscribe(c.UserContext(), st, u, actor(c), c.Params("id")); err != nil {
		return subscriptionError(err)
	}
	return h.renderSubscriptions(c, subscriptionsView{Done: "已退订。"})
}

// unsubscribeView is what unsubscribe.html shows.
type unsubscribeView struct {
	Token string
	Sub   store.Subscription
	Done  bool
}

// EventLabel names an event.
func (unsubscribeView) EventLabel(e string) string { return notify.EventLabels[e] }

// unsubscribePage serves GET /unsubscribe/:token, the link in every
// e-mail: it asks to confirm (a mail scanner following links unsubscribes
// nobody).
func (h *Handler) unsubscribePage(c *fiber.Ctx) error {
	st, err := h.notifications()
	if err != nil {
		return err
	}
	sub, err := st.SubscriptionByToken(c.UserContext(), c.Params("token"))
	if err != nil {
		return subscriptionError(err)
	}
	return h.render(c, "unsubscribe", pageData{Title: "退订", Data: unsubscribeView{Token: c.Params("token"), Sub: sub}})
}

// unsubscribeSubmit serves POST /unsubscribe/:token: the token is the
// authority (no login needed), recorded in the audit log.
func (h *Handler) unsubscribeSubmit(c *fiber.Ctx) error {
	st, err := h.notifications()
	if err != nil {
		return err
	}
	ip, _ := c.Locals(localIP).(string)
	sub, err := notify.UnsubscribeByToken(c.UserContext(), st, c.Params("token"), ip)
	if err != nil {
		return subscriptionError(err)
	}
	return h.render(c, "unsubscribe", pageData{Title: "退订", Data: unsubscribeView{Sub: sub, Done: true}})
}

// deliveriesPage serves GET /deliveries: 投递记录 (admins), the latest
// notices with every attempt.
func (h *Handler) deliveriesPage(c *fiber.Ctx) error {
	st, err := h.notifications()
	if err != nil {
		return err
	}
	log, err := st.DeliveryLog(c.UserContext(), 200)
	if err != nil {
		return err
	}
	return h.render(c, "deliveries", pageData{Title: "投递记录", Nav: "deliveries", Data: deliveriesView{Notices: log}})
}

// deliveriesView is what deliveries.html shows.
type deliveriesView struct{ Notices []store.NoticeRecord }

// EventLabel and ChannelLabel name an event and a channel; Addr shows an
// address without a robot's key.
func (deliveriesView) EventLabel(e string) string   { return notify.EventLabels[e] }
func (deliveriesView) ChannelLabel(c string) string { return notify.ChannelLabels[c] }
func (deliveriesView) Addr(a string) string         { return notify.RedactAddress(a) }
