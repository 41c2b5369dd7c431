package web

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"industrydash/internal/auth"
	"industrydash/internal/msg"
	"industrydash/internal/store"
)

// usersView is what users.html shows.
type usersView struct {
	Users   []store.User
	Message string
	Created string
	Done    string // what an admin action did
	Min     int
	// Locked reports whether a user is locked out now.
	Locked func(store.User) bool
	// Manage and Secure show the system and security administrators'
	// forms (the server checks each action anyway).
	Manage, Secure bool
}

// usersPage serves GET /users (admins).
func (h *Handler) usersPage(c *fiber.Ctx) error {
	return h.renderUsers(c, usersView{})
}

func (h *Handler) renderUsers(c *fiber.Ctx, v usersView) error {
	us, err := h.auth.Users(c.UserContext())
	if err != nil {
		return err
	}
	v.Users, v.Min, v.Locked = us, auth.MinPasswordLength, h.auth.Locked
	me, _ := currentUser(c)
	v.Manage, v.Secure = h.auth.CanManageUsers(me), h.auth.CanAdministerSecurity(me)
	return h.render(c, "users", pageData{Title: "用户管理", Nav: "users", Data: v})
}

// userCreate serves POST /users.
func (h *Handler) userCreate(c *fiber.Ctx) error {
	u, err := h.auth.AddUser(c.UserContext(), auth.NewUser{Name: c.FormValue("name"), DisplayName: c.FormValue("display_name"),
		Role: c.FormValue("role"), OrgUnit: c.FormValue("org_unit"), Password: c.FormValue("password"), MustChange: true}, actor(c))
	var ie *auth.InputError
	if asInput(err, &ie) {
		c.Status(fiber.StatusBadRequest)
		return h.renderUsers(c, usersView{Message: msg.Text(ie)})
	}
	if err != nil {
		return err
	}
	return h.renderUsers(c, usersView{Created: u.Name})
}

// asInput reports whether err is a user's input problem.
func asInput(err error, ie **auth.InputError) bool { return errors.As(err, ie) }
