package web

import (
	"errors"
	"math"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"industrydash/internal/auth"
	"industrydash/internal/msg"
	"industrydash/internal/store"
)

// loginView is what login.html and setup.html show.
type loginView struct {
	Next, Name, Message string
	// DisplayName is kept when the setup form is shown again after an error.
	DisplayName string
	PreCSRF     string
	MinLength   int
}

// loginPage serves GET /login.
func (h *Handler) loginPage(c *fiber.Ctx) error {
	next := safeNext(c.Query("next"))
	if _, ok := currentUser(c); ok {
		return c.Redirect(next, fiber.StatusSeeOther)
	}
	return h.render(c, "login", pageData{Title: "登录", Data: loginView{Next: next, PreCSRF: h.preCSRF(c)}})
}

// loginSubmit serves POST /login.
func (h *Handler) loginSubmit(c *fiber.Ctx) error {
	if err := checkPreCSRF(c); err != nil {
		return err
	}
	next := safeNext(c.FormValue("next"))
	name := c.FormValue("name")
	rid, _ := c.Locals("requestid").(string)
	res, err := h.auth.Login(c.UserContext(), name, c.FormValue("password"), h.clientIP(c), rid)
	if errors.Is(err, auth.ErrLoginFailed) || errors.Is(err, auth.ErrTooManyAttempts) || errors.Is(err, auth.ErrBusy) {
		if !errors.Is(err, auth.ErrBusy) { // busy is the server's state, not a failed login
			h.metrics.LoginFailure()
		}
		status := fiber.StatusUnauthorized
		switch {
		case errors.Is(err, auth.ErrTooManyAttempts):
			status = fiber.StatusTooManyRequests
			c.Set(fiber.HeaderRetryAfter, strconv.Itoa(max(1, int(math.Ceil(auth.RetryAfter(err).Seconds())))))
		case errors.Is(err, auth.ErrBusy):
			status = fiber.StatusTooManyRequests
			c.Set(fiber.HeaderRetryAfter, "5")
			h.auditRefusal(c, status, msg.Text(err))
		}
		c.Status(status)
		return h.render(c, "login", pageData{Title: "登录", Data: loginView{Next: next, Name: name, Message: msg.Text(err), PreCSRF: h.preCSRF(c)}})
	}
	if err != nil {
		return err
	}
	h.setSessionCookie(c, res.Cookie, res.Session)
	if due, _ := h.auth.PasswordChangeDue(res.User); due {
		return c.Redirect("/account/password", fiber.StatusSeeOther)
	}
	if next == "/" && res.User.Role == store.RoleReporter {
		next = "/submissions"
		if _, unitOnly, _ := h.budgetScope(c.UserContext(), res.User); unitOnly {
			next = "/budget"
		}
	}
	return c.Redirect(next, fiber.StatusSeeOther)
}

// logout serves POST /logout.
func (h *Handler) logout(c *fiber.Ctx) error {
	if err := h.auth.Logout(c.UserContext(), c.Cookies(sessionCookie), actor(c)); err != nil {
		return err
	}
	h.clearSessionCookie(c)
	return c.Redirect("/login", fiber.StatusSeeOther)
}

// setupPage serves GET /setup: the first admin, only while no user exists.
func (h *Handler) setupPage(c *fiber.Ctx) error {
	has, err := h.auth.HasUsers(c.UserContext())
	if err != nil {
		return err
	}
	if has {
		return c.Redirect("/login", fiber.StatusSeeOther)
	}
	return h.render(c, "setup", pageData{Title: "初始化：创建管理员", Data: loginView{PreCSRF: h.preCSRF(c), MinLength: auth.MinPasswordLength}})
}

// setupSubmit serves POST /setup.
func (h *Handler) setupSubmit(c *fiber.Ctx) error {
	if err := checkPreCSRF(c); err != nil {
		return err
	}
	name := c.FormValue("name")
	fail := func(msg string) error {
		c.Status(fiber.StatusBadRequest)
		return h.render(c, "setup", pageData{Title: "初始化：创建管理员", Data: loginView{Name: name, DisplayName: c.FormValue("display_name"), Message: msg, PreCSRF: h.preCSRF(c), MinLength: auth.MinPasswordLength}})
	}
	if c.FormValue("password") != c.FormValue("password2") {
		return fail("两次输入的密码不一致，请重新输入")
	}
	rid, _ := c.Locals("requestid").(string)
	u, err := h.auth.Setup(c.UserContext(), auth.NewUser{Name: name, DisplayName: c.FormValue("display_name"), Password: c.FormValue("password")},
		auth.Actor{IP: h.clientIP(c), RequestID: rid})
	var ie *auth.InputError
	switch {
	case errors.Is(err, auth.ErrSetupDone):
		return c.Redirect("/login", fiber.StatusSeeOther)
	case errors.As(err, &ie):
		return fail(msg.Text(ie))
	case err != nil:
		return err
	}
	sess, cookie, err := h.auth.NewSession(c.UserContext(), u)
	if err != nil {
		return err
	}
	h.setSessionCookie(c, cookie, sess)
	return c.Redirect("/", fiber.StatusSeeOther)
}

// passwordView is what password.html shows.
type passwordView struct {
	Message string
	Done    bool
	Min     int
	// Due says why the user must change the password now ("" when not).
	Due string
}

// passwordPage serves GET /account/password.
func (h *Handler) passwordPage(c *fiber.Ctx) error {
	u, _ := currentUser(c)
	_, why := h.auth.PasswordChangeDue(u)
	return h.render(c, "password", pageData{Title: "修改密码", Data: passwordView{Min: auth.MinPasswordLength, Due: why}})
}

// passwordSubmit serves POST /account/password.
func (h *Handler) passwordSubmit(c *fiber.Ctx) error {
	u, _ := currentUser(c)
	v := passwordView{Min: auth.MinPasswordLength}
	if c.FormValue("new") != c.FormValue("new2") {
		v.Message = "两次输入的新密码不一致"
	} else {
		sess, _ := currentSession(c)
		err := h.auth.ChangePassword(c.UserContext(), u.ID, c.FormValue("old"), c.FormValue("new"), sess.ID, actor(c))
		var ie *auth.InputError
		switch {
		case errors.Is(err, auth.ErrWrongPassword):
			v.Message = msg.Text(err)
		case errors.As(err, &ie):
			v.Message = msg.Text(ie)
		case err != nil:
			return err
		default:
			v.Done = true
		}
	}
	if !v.Done {
		c.Status(fiber.StatusBadRequest)
	}
	return h.render(c, "password", pageData{Title: "修改密码", Data: v})
}
