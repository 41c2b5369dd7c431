package web

import (
	"encoding/json"
	"errors"

	"github.com/gofiber/fiber/v2"

	"industrydash/internal/msg"
	"industrydash/internal/notify"
	"industrydash/internal/store"
)

// notifications returns the subscription store, or 503 without one.
func (h *Handler) notifications() (store.Notifications, error) {
	if h.notify == nil {
		return nil, userErr(fiber.StatusServiceUnavailable, msg.WebNotifyDisabled)
	}
	return h.notify, nil
}

// subscriptionError turns a refused subscription into a 400 with its reason.
func subscriptionError(err error) error {
	var ie *notify.InputError
	if errors.As(err, &ie) {
		return badInput(ie)
	}
	if errors.Is(err, store.ErrNotFound) {
		return userErr(fiber.StatusNotFound, msg.WebNoSubscription)
	}
	return err
}

// mySubscriptions lists the user's subscriptions; an admin's ?all=1 lists
// everyone's.
func (h *Handler) mySubscriptions(c *fiber.Ctx, all bool) ([]store.Subscription, error) {
	st, err := h.notifications()
	if err != nil {
		return nil, err
	}
	u, _ := currentUser(c)
	owner := u.ID
	if all && u.Role == store.RoleAdmin {
		owner = ""
	}
	return st.Subscriptions(c.UserContext(), owner)
}

// apiSubscriptionList serves GET /api/v1/subscriptions (admins: ?all=1 for everyone's).
func (h *Handler) apiSubscriptionList(c *fiber.Ctx) error {
	subs, err := h.mySubscriptions(c, c.Query("all") == "1")
	if err != nil {
		return err
	}
	if subs == nil {
		subs = []store.Subscription{}
	}
	return c.JSON(fiber.Map{"subscriptions": subs})
}

// apiSubscriptionCreate serves POST /api/v1/subscriptions with
// {"event":…,"channel":…,"address":…} (optional "secret", "group",
// "digest"): 201 and the subscription.
func (h *Handler) apiSubscriptionCreate(c *fiber.Ctx) error {
	st, err := h.notifications()
	if err != nil {
		return err
	}
	var req notify.Request
	if err := json.Unmarshal(c.Body(), &req); err != nil {
		return badRequest(msg.WebBadSubscriptionJSON)
	}
	u, _ := currentUser(c)
	sub, err := notify.Subscribe(c.UserContext(), st, u, actor(c), req, h.notifyHosts)
	if err != nil {
		return subscriptionError(err)
	}
	return c.Status(fiber.StatusCreated).JSON(sub)
}

// apiSubscriptionDelete serves DELETE /api/v1/subscriptions/:id (the
// user's own; admins any): 204.
func (h *Handler) apiSubscriptionDelete(c *fiber.Ctx) error {
	st, err := h.notifications()
	if err != nil {
		return err
	}
	u, _ := currentUser(c)
	if err := notify.Unsubscribe(c.UserContext(), st, u, actor(c), c.Params("id")); err != nil {
		return subscriptionError(err)
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// apiDeliveries serves GET /api/v1/deliveries: the latest notices with
// every delivery attempt (admins).
func (h *Handler) apiDeliveries(c *fiber.Ctx) error {
	st, err := h.notifications()
	if err != nil {
		return err
	}
	log, err := st.DeliveryLog(c.UserContext(), 200)
	if err != nil {
		return err
	}
	if log == nil {
		log = []store.NoticeRecord{}
	}
	return c.JSON(fiber.Map{"notices": log})
}
