// Package archtest holds the test that enforces the module's import rules
// (DESIGN.md §4, CONVENTIONS.md): the domain and progress packages import only
// the standard library (progress may import domain), and dashboards import no
// web framework, database driver or HTTP server code. It has no code of its own.
package archtest
