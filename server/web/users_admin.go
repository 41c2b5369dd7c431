package web

import (
	"encoding/json"
	"fmt"
	"net/url"
	"time"

	"github.com/gofiber/fiber/v2"

	"industrydash/internal/auth"
	"industrydash/internal/msg"
	"industrydash/internal/store"
)

// userAction is one admin action on an account: disable, enable, password
// (reset), role, tokens/revoke. The same action serves the 用户 page (a form,
// answered by the page with a notice) and the JSON API.
type userAction struct {
	Name     string `json:"-"`
	Password string `json:"password"`
	Role     string `json:"role"`
	OrgUnit  string `json:"org_unit"`
	// On grants (true) or takes back (false) reading the audit log.
	On bool `json:"on"`
}

// apiUser is a user as the JSON API shows it.
type apiUser struct {
	Name        string    `json:"name"`
	DisplayName string    `json:"display_name"`
	Role        string    `json:"role"`
	OrgUnit     string    `json:"org_unit,omitempty"`
	Disabled    bool      `json:"disabled"`
	LockedUntil time.Time `json:"locked_until,omitzero"`
	// MustChangePassword: the user has to change the password at the next
	// login; AuditReader: an analyst granted reading the audit log.
	MustChangePassword bool      `json:"must_change_password"`
	AuditReader        bool      `json:"audit_reader"`
	PasswordChangedAt  time.Time `json:"password_changed_at,omitzero"`
	CreatedAt          time.Time `json:"created_at"`
	UpdatedAt          time.Time `json:"updated_at"`
}

func toAPIUser(u store.User) apiUser {
	return apiUser{Name: u.Name, DisplayName: u.DisplayName, Role: u.Role, OrgUnit: u.OrgUnit, Disabled: u.Disabled,
		LockedUntil: u.LockedUntil, CreatedAt: u.CreatedAt, UpdatedAt: u.UpdatedAt,
		MustChangePassword: u.MustChangePassword, AuditReader: u.AuditReader, PasswordChangedAt: u.PasswordChangedAt}
}

// apiUsers serves GET /api/v1/users (admins).
func (h *Handler) apiUsers(c *fiber.Ctx) error {
	us, err := h.auth.Users(c.UserContext())
	if err != nil {
		return err
	}
	out := make([]apiUser, len(us))
	for i, u := range us {
		out[i] = toAPIUser(u)
	}
	return c.JSON(fiber.Map{"users": out})
}

// parseUserAction reads the action's fields from a JSON body (API) or the
// form (page).
func parseUserAction(c *fiber.Ctx, api bool) (userAction, error) {
	name, err := url.PathUnescape(c.Params("name")) // a Chinese login name arrives percent-encoded
	if err != nil {
		return userAction{}, badRequest(msg.WebBadLoginInPath)
	}
	a := userAction{Name: name}
	if api {
		if len(c.Body()) > 0 {
			if err := json.Unmarshal(c.Body(), &a); err != nil {
				return a, badRequest(msg.WebBadUserJSON)
			}
		}
		return a, nil
	}
	a.Password, a.Role, a.OrgUnit = c.FormValue("password"), c.FormValue("role"), c.FormValue("org_unit")
	a.On = c.FormValue("on") == "1"
	return a, nil
}

// runUserAction performs action on the named user and says what was done.
func (h *Handler) runUserAction(c *fiber.Ctx, action string, in userAction) (store.User, string, error) {
	ctx, a := c.UserContext(), actor(c)
	switch action {
	case "disable":
		u, err := h.auth.SetDisabled(ctx, in.Name, true, a)
		return u, fmt.Sprintf("已停用用户“%s”，其所有会话和 API 令牌已立即失效", in.Name), err
	case "enable":
		u, err := h.auth.SetDisabled(ctx, in.Name, false, a)
		return u, fmt.Sprintf("已启用用户“%s”，请通知本人重新登录", in.Name), err
	case "password":
		u, err := h.auth.ResetPassword(ctx, in.Name, in.Password, true, a)
		return u, fmt.Sprintf("已重置用户“%s”的密码并结束其所有会话；请把新密码当面或电话告知本人，本人下次登录时须修改", in.Name), err
	case "role":
		u, err := h.auth.SetRole(ctx, in.Name, in.Role, in.OrgUnit, a)
		return u, fmt.Sprintf("已把用户“%s”的角色改为%s", in.Name, auth.RoleLabel(in.Role)), err
	case "audit-reader":
		u, err := h.auth.SetAuditReader(ctx, in.Name, in.On, a)
		if in.On {
			return u, fmt.Sprintf("已授权用户“%s”查看和导出操作日志", in.Name), err
		}
		return u, fmt.Sprintf("已收回用户“%s”查看操作日志的权限", in.Name), err
	case "unlock":
		u, err := h.auth.Unlock(ctx, in.Name, a)
		return u, fmt.Sprintf("已解除用户“%s”的锁定，本人可立即用正确密码登录", in.Name), err
	case "tokens/revoke":
		n, err := h.auth.RevokeTokens(ctx, in.Name, a)
		if err != nil {
			return store.User{}, "", err
		}
		u, err := h.auth.User(ctx, in.Name)
		return u, fmt.Sprintf("已吊销用户“%s”的 %d 个 API 令牌", in.Name, n), err
	}
	return store.User{}, "", fmt.Errorf("unknown user action %q", action)
}

// userActionPage serves POST /users/:name/{disable,enable,password,role,unlock,tokens/revoke,audit-reader}.
func (h *Handler) userActionPage(action string) fiber.Handler {
	return func(c *fiber.Ctx) error {
		in, err := parseUserAction(c, false)
		if err != nil {
			return err
		}
		_, done, err := h.runUserAction(c, action, in)
		var ie *auth.InputError
		if asInput(err, &ie) {
			c.Status(fiber.StatusBadRequest)
			return h.renderUsers(c, usersView{Message: msg.Text(ie)})
		}
		if err != nil {
			return err
		}
		return h.renderUsers(c, usersView{Done: done})
	}
}

// apiUserAction serves POST /api/v1/users/:name/{disable,enable,password,role,unlock,tokens/revoke,audit-reader}.
func (h *Handler) apiUserAction(action string) fiber.Handler {
	return func(c *fiber.Ctx) error {
		in, err := parseUserAction(c, true)
		if err != nil {
			return err
		}
		u, msg, err := h.runUserAction(c, action, in)
		if err != nil {
			return err
		}
		return c.JSON(fiber.Map{"user": toAPIUser(u), "message": msg})
	}
}
