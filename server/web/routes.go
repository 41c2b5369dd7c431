package web

import (
	_ "embed"
	"encoding/json"
	"fmt"
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

// NewApp returns the Fiber app with every route.
func (h *Handler) NewApp() (*fiber.App, error) {
	if !json.Valid(openapiDoc) {
		return nil, fmt.Errorf("openapi.json is not valid JSON")
	}
	app := fiber.New(fiber.Config{
		AppName:               "industrydash",
		ErrorHandler:          h.ErrorHandler,
		DisableStartupMessage: true,
		BodyLimit:             16 << 20,
		ReadTimeout:           30 * time.Second,
		WriteTimeout:          120 * time.Second,
	})
	app.Use(recover.New())
	app.Use(requestid.New())
	app.Use(h.accessLog)
	app.Use(securityHeaders)
	app.Use(compress.New())
	h.Routes(app)
	return app, nil
}

// Routes registers every route.
func (h *Handler) Routes(app *fiber.App) {
	app.Get("/healthz", h.healthz)
	app.Get("/favicon.ico", func(c *fiber.Ctx) error { return c.SendStatus(fiber.StatusNoContent) })
	app.Get("/readyz", h.readyz)
	app.Use(static.MountPath, func(c *fiber.Ctx) error {
		c.Set(fiber.HeaderCacheControl, "public, max-age=86400")
		return c.Next()
	}, filesystem.New(filesystem.Config{Root: http.FS(static.FS)}))

	app.Get("/", h.overviewPage)
	app.Get("/chain/:name", h.chainPage)
	app.Get("/districts", h.districtsPage)
	app.Get("/parks", h.parksPage)
	app.Get("/indicators/:code", h.indicatorPage)
	app.Get("/screen", h.screenPage)
	app.Get("/briefing", h.briefingPage)
	app.Get("/leading", h.leadingPage)
	app.Get("/export/:page/:file", h.exportTable)

	api := app.Group("/api/v1")
	api.Get("/openapi.json", func(c *fiber.Ctx) error {
		c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSONCharsetUTF8)
		return c.Send(openapiDoc)
	})
	api.Get("/targets", h.apiTargets)
	api.Get("/progress", h.apiProgress)
	api.Get("/indicators/:code/series", h.apiSeries)
	api.Get("/districts", h.apiDistricts)
	api.Get("/parks", h.apiParks)
	api.Get("/briefing", h.apiBriefing)
	api.Get("/leading", h.apiLeading)

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
