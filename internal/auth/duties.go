package auth

import (
	"industrydash/internal/msg"
	"industrydash/internal/store"
)

// 三员分立: the system administrator (admin: users and configuration), the
// security administrator (secadmin: roles, passwords, lock-outs, tokens,
// audit-log grants) and the audit administrator (auditor: reads and
// exports the audit log, nothing else). Without Config.SeparationOfDuties
// an admin may also do the security and audit administrators' work (one
// person runs a small deployment); with it each of the three does only
// their own, and an admin cannot give anyone an administrator role.

// IsAdminRole reports whether r is one of the three administrator roles.
func IsAdminRole(r string) bool {
	return r == store.RoleAdmin || r == store.RoleSecAdmin || r == store.RoleAuditor
}

// SeparateDuties reports whether 三员分立 is enforced.
func (s *Service) SeparateDuties() bool { return s.cfg.SeparationOfDuties }

// CanListUsers reports whether u may see the list of accounts: system and
// security administrators.
func (s *Service) CanListUsers(u store.User) bool {
	return u.Role == store.RoleAdmin || u.Role == store.RoleSecAdmin
}

// CanManageUsers reports whether u may create, disable and enable
// accounts: the system administrator.
func (s *Service) CanManageUsers(u store.User) bool { return u.Role == store.RoleAdmin }

// CanAdministerSecurity reports whether u may change roles, reset
// passwords, unlock accounts, revoke tokens and grant audit reading: the
// security administrator, and the system administrator unless duties are
// separated.
func (s *Service) CanAdministerSecurity(u store.User) bool {
	return u.Role == store.RoleSecAdmin || u.Role == store.RoleAdmin && !s.cfg.SeparationOfDuties
}

// CanReadAudit reports whether u may read and export the audit log: the
// audit administrator, an analyst a security administrator granted it to,
// and the system administrator unless duties are separated.
func (s *Service) CanReadAudit(u store.User) bool {
	switch u.Role {
	case store.RoleAuditor:
		return true
	case store.RoleAnalyst:
		return u.AuditReader
	case store.RoleAdmin:
		return !s.cfg.SeparationOfDuties
	}
	return false
}

// checkGrant refuses, under separation of duties, a system administrator
// giving anyone an administrator role (the security administrator assigns
// roles; the console, acting as the system, may).
func (s *Service) checkGrant(a Actor, role string) error {
	if s.cfg.SeparationOfDuties && a.Role == store.RoleAdmin && IsAdminRole(role) {
		return inputErr(msg.AuthSeparatedAdminRole, RoleLabel(role))
	}
	return nil
}
