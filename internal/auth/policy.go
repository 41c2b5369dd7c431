package auth

import "industrydash/internal/store"

// Actor is who performs a write and from where, for the audit log.
type Actor struct {
	Name      string
	Role      string
	OrgUnit   string
	IP        string
	RequestID string
}

// ActorOf returns the actor for user u acting from ip in request rid.
func ActorOf(u store.User, ip, rid string) Actor {
	return Actor{Name: u.Name, Role: u.Role, OrgUnit: u.OrgUnit, IP: ip, RequestID: rid}
}

// Entry builds an audit entry for an action by a.
func (a Actor) Entry(action, object, old, new string) store.AuditEntry {
	return store.AuditEntry{Actor: a.Name, Role: a.Role, Action: action, Object: object, Old: old, New: new, IP: a.IP, RequestID: a.RequestID}
}

// ValidRole reports whether r is one of the roles.
func ValidRole(r string) bool {
	switch r {
	case store.RoleAdmin, store.RoleSecAdmin, store.RoleAuditor, store.RoleAnalyst, store.RoleLeader, store.RoleReporter:
		return true
	}
	return false
}

// RoleLabel is the Chinese name of a role.
func RoleLabel(r string) string {
	switch r {
	case store.RoleAdmin:
		return "系统管理员"
	case store.RoleSecAdmin:
		return "安全管理员"
	case store.RoleAuditor:
		return "审计管理员"
	case store.RoleAnalyst:
		return "市局业务人员"
	case store.RoleLeader:
		return "领导（只读）"
	case store.RoleReporter:
		return "旗县区填报员"
	}
	return r
}

// IsStaff reports whether u is city staff: analysts and admins see and
// review everything.
func IsStaff(u store.User) bool { return u.Role == store.RoleAdmin || u.Role == store.RoleAnalyst }

// CanReadCity reports whether u may read city-wide dashboards and briefings.
func CanReadCity(u store.User) bool { return IsStaff(u) || u.Role == store.RoleLeader }

// CanReadUnit reports whether u may read the data of org unit code: a
// reporter only their own unit, everyone else (who may read the city) any unit.
func CanReadUnit(u store.User, code string) bool {
	if u.Role == store.RoleReporter {
		return code != "" && code == u.OrgUnit
	}
	return CanReadCity(u)
}

// CanSubmit reports whether u may fill in and submit the figures of unit code.
func CanSubmit(u store.User, code string) bool {
	if u.Role == store.RoleReporter {
		return code != "" && code == u.OrgUnit
	}
	return IsStaff(u)
}

// CanReview reports whether u may approve, return or reopen submissions.
func CanReview(u store.User) bool { return IsStaff(u) }
