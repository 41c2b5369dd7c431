package web

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/compress"
	"github.com/gofiber/fiber/v2/middleware/filesystem"
	"github.com/gofiber/fiber/v2/middleware/recover"
	"github.com/gofiber/fiber/v2/middleware/requestid"

	"industrydash/server/static"
)

//go:embed openapi.json
var openapiDoc []byte

// contentSecurityPolicy allows only this server: charts start from JSON
// options via /static/app.js, so no inline script is needed. Inline styles
// are allowed because go-echarts sizes chart containers with style="".
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'"

// writeBufferSize is the per-connection buffer a response is written
// through. Fiber's 4 KiB splits every answer larger than that (a gzipped
// API answer is 5–10 KiB) into two writes, a system call and a TCP segment
// each; 16 KiB sends the headers and such a body in one. A keep-alive
// connection holds its buffer: 16 MiB for a thousand open connections.
const writeBufferSize = 16 << 10

// NewApp returns the Fiber app with every route.
func (h *Handler) NewApp() (*fiber.App, error) {
	if !json.Valid(openapiDoc) {
		return nil, fmt.Errorf("openapi.json is not valid JSON")
	}
	app := fiber.New(fiber.Config{
		// Immutable: every string Fiber hands out (FormValue, Params, Query,
		// Get, Cookies, IP) is a copy, not a view into a request buffer that
		// fasthttp reuses for the next request. The alternative, copying at
		// each boundary that keeps a string, relies on every handler, store
		// and cache remembering to: the embedded store, the login limiter
		// and the submission workflow each forgot, and anonymous logins
		// rewrote stored accounts (issue 11). One setting cannot be
		// forgotten by the next handler; it costs one small allocation per
		// value read, which this server does not notice.
		Immutable:             true,
		AppName:               "industrydash",
		ErrorHandler:          h.ErrorHandler,
		DisableStartupMessage: true,
		BodyLimit:             UploadBodyLimit, // the largest; bodyLimit lowers it per request
		ReadTimeout:           30 * time.Second,
		WriteTimeout:          120 * time.Second,
		WriteBufferSize:       writeBufferSize,
	})
	app.Server().HeaderReceived = h.bodyLimit
	app.Use(recover.New())
	app.Use(h.countRequest)
	app.Use(requestid.New())
	app.Use(h.accessLog)
	app.Use(securityHeaders)
	app.Use(h.identify)
	app.Use(h.auditDownloads)
	app.Use(compress.New())
	h.Routes(app)
	if err := h.checkRules(app); err != nil {
		return nil, err
	}
	return app, nil
}

// Routes registers every route, each under an access rule (access.go).
// Add a page with one line: h.route(app, fiber.MethodGet, "/path", accessCity, h.page).
func (h *Handler) Routes(app *fiber.App) {
	get, post := fiber.MethodGet, fiber.MethodPost
	h.route(app, get, "/healthz", accessPublic, h.healthz)
	h.route(app, get, "/favicon.ico", accessPublic, func(c *fiber.Ctx) error { return c.SendStatus(fiber.StatusNoContent) })
	h.route(app, get, "/readyz", accessPublic, h.readyz)
	h.route(app, get, "/metrics", accessPublic, h.metricsPage) // loopback or admin: checked in the handler
	app.Use(static.MountPath, func(c *fiber.Ctx) error {
		c.Set(fiber.HeaderCacheControl, "public, max-age=86400")
		return c.Next()
	}, filesystem.New(filesystem.Config{Root: http.FS(static.FS)}))

	// Accounts.
	h.route(app, get, "/login", accessPublic, h.loginPage)
	h.route(app, post, "/login", accessPublic, h.loginSubmit)
	h.route(app, post, "/logout", accessUser, h.logout)
	h.route(app, get, "/setup", accessPublic, h.setupPage)
	h.route(app, post, "/setup", accessPublic, h.setupSubmit)
	h.route(app, get, "/account/password", accessUser, h.passwordPage)
	h.route(app, post, "/account/password", accessUser, h.passwordSubmit)
	h.route(app, get, "/users", accessAccounts, h.usersPage)
	h.route(app, post, "/users", accessUserAdmin, h.userCreate)
	for _, a := range []string{"disable", "enable"} {
		h.route(app, post, "/users/:name/"+a, accessUserAdmin, h.userActionPage(a))
		h.route(app, post, "/api/v1/users/:name/"+a, accessUserAdmin, h.apiUserAction(a))
	}
	for _, a := range []string{"password", "role", "unlock", "tokens/revoke", "audit-reader"} {
		h.route(app, post, "/users/:name/"+a, accessSecurity, h.userActionPage(a))
		h.route(app, post, "/api/v1/users/:name/"+a, accessSecurity, h.apiUserAction(a))
	}
	h.route(app, get, "/audit", accessAudit, h.auditPage)
	// 消息推送: 我的订阅, the API, the e-mail unsubscribe link, 投递记录.
	h.route(app, get, "/subscriptions", accessUser, h.subscriptionsPage)
	h.route(app, post, "/subscriptions", accessUser, h.subscriptionCreate)
	h.route(app, post, "/subscriptions/:id/delete", accessUser, h.subscriptionDelete)
	h.route(app, get, "/unsubscribe/:token", accessPublic, h.unsubscribePage)
	h.route(app, post, "/unsubscribe/:token", accessPublic, h.unsubscribeSubmit)
	h.route(app, get, "/deliveries", accessAdmin, h.deliveriesPage)
	h.route(app, get, "/api/v1/subscriptions", accessUser, h.apiSubscriptionList)
	h.route(app, post, "/api/v1/subscriptions", accessUser, h.apiSubscriptionCreate)
	h.route(app, fiber.MethodDelete, "/api/v1/subscriptions/:id", accessUser, h.apiSubscriptionDelete)
	h.route(app, get, "/api/v1/deliveries", accessAdmin, h.apiDeliveries)
	h.route(app, get, "/import", accessStaff, h.importPage)
	h.upload(app, "/import", accessStaff, h.importUpload)
	h.route(app, post, "/import/alias", accessStaff, h.importAlias)
	h.route(app, post, "/import/confirm", accessStaff, parseSlot(h.importConfirm))
	h.route(app, get, "/audit/export/:format", accessAudit, h.auditExport)
	h.route(app, get, "/targets", accessStaff, h.targetsPage)
	h.route(app, post, "/targets/extract", accessStaff, parseSlot(h.targetsExtract))
	h.route(app, post, "/targets/publish", accessStaff, h.targetsPublish)
	h.route(app, post, "/targets/revise", accessStaff, h.targetsRevise)
	h.route(app, post, "/targets/catalogue", accessStaff, parseSlot(h.targetsCatalogue))
	h.route(app, get, "/targets/split", accessStaff, h.targetsSplitPage)
	h.route(app, post, "/targets/split", accessStaff, h.targetsSplitSave)

	// Dashboards.
	h.route(app, get, "/", accessUser, h.cachedResponse(scopePage, h.homePage))
	h.route(app, get, "/chain/:name", accessCity, h.cachedResponse(scopePage, h.chainPage))
	h.route(app, get, "/districts", accessCity, h.cachedResponse(scopePage, h.districtsPage))
	h.route(app, get, "/parks", accessCity, h.cachedResponse(scopePage, h.parksPage))
	h.route(app, get, "/indicators/:code", accessUnit, h.cachedResponse(scopePage, h.indicatorPage))
	h.route(app, get, "/screen", accessCity, h.cachedResponse(scopePage, h.screenPage))
	h.route(app, get, "/briefing", accessCity, h.briefingPage)
	h.route(app, get, "/leading", accessCity, h.cachedResponse(scopePage, h.leadingPage))
	h.route(app, get, "/budget", accessBudget, h.budgetPage)
	h.route(app, get, "/budget/report", accessCity, h.budgetNotice)
	h.upload(app, "/budget/payments", accessStaff, h.budgetUpload)
	h.route(app, get, "/budget/monitor/:project", accessBudget, h.budgetMonitorPage)
	h.route(app, post, "/budget/monitor/:project", accessBudget, h.budgetMonitorPost)
	h.route(app, get, "/budget/monitor/:project/:file", accessBudget, h.budgetMonitorFile)
	h.route(app, get, "/export/:page/:file", accessUnit, h.exportTable)

	// Submissions (填报).
	h.route(app, get, "/submissions", accessSubmit, h.submissionsPage)
	h.route(app, get, "/submissions/:unit/:period", accessSubmit, h.submissionPage)
	h.route(app, post, "/submissions/:unit/:period", accessSubmit, h.submissionSave)
	h.route(app, get, "/submissions/:unit/:period/template.xlsx", accessSubmit, h.submissionTemplate)
	h.upload(app, "/submissions/:unit/:period/upload", accessSubmit, h.submissionUpload)
	h.route(app, post, "/submissions/:unit/:period/approve", accessStaff, h.submissionReview("approve"))
	h.route(app, post, "/submissions/:unit/:period/return", accessStaff, h.submissionReview("return"))
	h.route(app, post, "/submissions/:unit/:period/reopen", accessStaff, h.submissionReview("reopen"))

	// JSON API.
	h.route(app, get, "/api/v1/openapi.json", accessPublic, func(c *fiber.Ctx) error {
		c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSONCharsetUTF8)
		return c.Send(openapiDoc)
	})
	h.route(app, get, "/api/v1/targets", accessCity, h.cachedResponse(scopeShared, h.apiTargets))
	h.route(app, post, "/api/v1/targets/revisions", accessStaff, h.apiTargetRevisionCreate)
	h.route(app, get, "/api/v1/progress", accessCity, h.cachedResponse(scopeShared, h.apiProgress))
	h.route(app, get, "/api/v1/indicators/:code/series", accessUnit, h.cachedResponse(scopeShared, h.apiSeries))
	h.route(app, get, "/api/v1/districts", accessCity, h.cachedResponse(scopeShared, h.apiDistricts))
	h.route(app, get, "/api/v1/parks", accessCity, h.cachedResponse(scopeShared, h.apiParks))
	h.route(app, get, "/api/v1/briefing", accessCity, h.apiBriefing)
	h.route(app, get, "/api/v1/leading", accessCity, h.cachedResponse(scopeShared, h.apiLeading))
	h.route(app, get, "/api/v1/users", accessAccounts, h.apiUsers)
	h.route(app, get, "/api/v1/budget", accessBudget, h.apiBudget)
	h.route(app, get, "/api/v1/submissions", accessSubmit, h.apiSubmissionList)
	h.route(app, post, "/api/v1/submissions", accessSubmit, h.apiSubmissionCreate)
	h.route(app, get, "/api/v1/submissions/:id", accessSubmit, h.apiSubmissionGet)
	h.route(app, post, "/api/v1/submissions/:id/approve", accessStaff, h.apiSubmissionReview("approve"))
	h.route(app, post, "/api/v1/submissions/:id/return", accessStaff, h.apiSubmissionReview("return"))
	h.route(app, post, "/api/v1/submissions/:id/reopen", accessStaff, h.apiSubmissionReview("reopen"))

	app.Use(func(c *fiber.Ctx) error { return fiber.ErrNotFound })
}

func securityHeaders(c *fiber.Ctx) error {
	c.Set("Content-Security-Policy", contentSecurityPolicy)
	c.Set("X-Content-Type-Options", "nosniff")
	c.Set("Referrer-Policy", "same-origin")
	c.Set("X-Frame-Options", "SAMEORIGIN")
	return c.Next()
}

// accessLog writes one structured line per request, tied by the request id.
func (h *Handler) accessLog(c *fiber.Ctx) error {
	if !h.log.Enabled(c.Context(), slog.LevelDebug) {
		return c.Next() // the line is at debug level: skip its cost on every request
	}
	start := time.Now()
	err := c.Next()
	rid, _ := c.Locals("requestid").(string)
	status := c.Response().StatusCode()
	if err != nil {
		if fe, ok := err.(*fiber.Error); ok {
			status = fe.Code
		}
	}
	h.log.Debug("request", "request_id", rid, "method", c.Method(), "path", c.Path(), "status", status,
		"ms", time.Since(start).Milliseconds())
	return err
}

// BaseURL is the address a person types into a browser for a listen address:
// ":8080" → "http://localhost:8080", "0.0.0.0:80" → "http://localhost:80".
func BaseURL(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "http://" + addr
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port)
}
