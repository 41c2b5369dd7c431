package auth

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"

	"industrydash/internal/msg"
	"industrydash/internal/store"
)

// Cutting off and managing accounts (admins, and the server user/token
// commands). Each change is audited and takes effect at once on this
// process: its remembered credentials of the user are dropped. Other server
// processes see it within CacheWindow.

// ErrNoSuchUser is returned by the admin actions for an unknown login name.
var ErrNoSuchUser = msg.New(msg.AuthNoSuchUser)

// User returns the user with login name (compared in canonical form);
// an error wrapping ErrNoSuchUser when there is none.
func (s *Service) User(ctx context.Context, name string) (store.User, error) {
	u, err := s.userByName(ctx, name)
	if errors.Is(err, store.ErrNotFound) {
		return store.User{}, msg.Wrap(ErrNoSuchUser, msg.AuthUserNotFound, name)
	}
	if err != nil {
		return store.User{}, fmt.Errorf("look up user: %w", err)
	}
	return u, nil
}

// keepAnAdmin refuses a change that would leave no enabled admin, or that
// an admin makes to their own access (another admin must do it).
func (s *Service) keepAnAdmin(ctx context.Context, u store.User, a Actor, what string) error {
	if a.Name != "" && a.Name == u.Name && a.Role != "system" {
		return inputErr(msg.AuthNotOwnAccount, what)
	}
	if u.Role != store.RoleAdmin || u.Disabled {
		return nil
	}
	us, err := s.st.Users(ctx)
	if err != nil {
		return fmt.Errorf("list users: %w", err)
	}
	for _, o := range us {
		if o.ID != u.ID && o.Role == store.RoleAdmin && !o.Disabled {
			return nil
		}
	}
	return inputErr(msg.AuthLastAdmin, u.Name, what)
}

// SetDisabled disables or enables the user called name. Disabling revokes
// every session and API token of the user at once; enabling brings none
// back (the user logs in again; tokens must be created anew) and clears a
// lock-out.
func (s *Service) SetDisabled(ctx context.Context, name string, disabled bool, a Actor) (store.User, error) {
	u, err := s.User(ctx, name)
	if err != nil {
		return store.User{}, err
	}
	if disabled {
		if err := s.keepAnAdmin(ctx, u, a, "停用"); err != nil {
			return store.User{}, err
		}
	}
	if u.Disabled == disabled {
		return u, nil
	}
	u.Disabled = disabled
	if !disabled {
		u.FailedLogins, u.LockedUntil = 0, time.Time{}
		s.unlockName(CanonicalName(u.Name))
	}
	u.UpdatedAt = later(s.cfg.Now(), u.UpdatedAt)
	if err := s.st.PutUser(ctx, u); err != nil {
		return store.User{}, fmt.Errorf("store user %s: %w", u.Name, err)
	}
	s.forgetUser(u.ID)
	action, desc := "user.enable", "启用账户"
	if disabled {
		ns, err := s.revokeSessions(ctx, u.ID, "")
		if err != nil {
			return store.User{}, err
		}
		nt, err := s.revokeTokens(ctx, u.ID)
		if err != nil {
			return store.User{}, err
		}
		action, desc = "user.disable", fmt.Sprintf("停用账户，结束 %d 个会话，吊销 %d 个 API 令牌", ns, nt)
	}
	if err := s.audit(ctx, a.Entry(action, "user:"+u.Name, "", desc)); err != nil {
		return store.User{}, err
	}
	return u, nil
}

// ResetPassword sets a new password for the user called name (an admin
// resetting a forgotten or leaked one), clears a lock-out and ends every
// session of the user. With mustChange the user has to change it at the
// next login (always so from the page and the API; the console command
// asks for it with -must-change).
func (s *Service) ResetPassword(ctx context.Context, name, pw string, mustChange bool, a Actor) (store.User, error) {
	u, err := s.User(ctx, name)
	if err != nil {
		return store.User{}, err
	}
	if err := CheckPassword(u.Name, pw); err != nil {
		return store.User{}, inputFrom(err)
	}
	hash, err := s.hash(ctx, pw)
	if err != nil {
		return store.User{}, err
	}
	s.setPassword(&u, hash, mustChange)
	u.FailedLogins, u.LockedUntil = 0, time.Time{}
	if err := s.st.PutUser(ctx, u); err != nil {
		return store.User{}, fmt.Errorf("store password: %w", err)
	}
	s.unlockName(CanonicalName(u.Name))
	s.forgetUser(u.ID)
	n, err := s.revokeSessions(ctx, u.ID, "")
	if err != nil {
		return store.User{}, err
	}
	if err := s.audit(ctx, a.Entry("user.password_reset", "user:"+u.Name, "", fmt.Sprintf("管理员重置密码%s，结束 %d 个会话", map[bool]string{true: "（下次登录须修改）"}[mustChange], n))); err != nil {
		return store.User{}, err
	}
	return u, nil
}

// Locked reports whether u is locked out now.
func (s *Service) Locked(u store.User) bool { return s.cfg.Now().Before(u.LockedUntil) }

// Unlock clears the lock-out of the user called name (and the failures
// counted against it from every address), so the right password works at
// once. It is audited even when the account was not locked.
func (s *Service) Unlock(ctx context.Context, name string, a Actor) (store.User, error) {
	u, err := s.User(ctx, name)
	if err != nil {
		return store.User{}, err
	}
	was := u.LockedUntil
	u.FailedLogins, u.LockedUntil = 0, time.Time{}
	u.UpdatedAt = later(s.cfg.Now(), u.UpdatedAt)
	if err := s.st.PutUser(ctx, u); err != nil {
		return store.User{}, fmt.Errorf("store user %s: %w", u.Name, err)
	}
	s.unlockName(CanonicalName(u.Name))
	s.forgetUser(u.ID)
	desc := "解除锁定"
	if s.cfg.Now().Before(was) {
		desc = "解除锁定（原锁定至 " + was.UTC().Format(time.RFC3339) + "）"
	}
	if err := s.audit(ctx, a.Entry("user.unlock", "user:"+u.Name, "", desc)); err != nil {
		return store.User{}, err
	}
	return u, nil
}

// SetRole changes the role (and, for reporters, the org unit: code or
// name) of the user called name. The new role applies to the user's next
// request.
func (s *Service) SetRole(ctx context.Context, name, role, orgUnit string, a Actor) (store.User, error) {
	u, err := s.User(ctx, name)
	if err != nil {
		return store.User{}, err
	}
	if !ValidRole(role) {
		return store.User{}, inputErr(msg.AuthBadRole, role)
	}
	if err := s.checkGrant(a, role); err != nil {
		return store.User{}, err
	}
	unit, err := s.unitFor(ctx, role, orgUnit)
	if err != nil {
		return store.User{}, err
	}
	if u.Role == role && u.OrgUnit == unit {
		return u, nil
	}
	if role != store.RoleAdmin {
		if err := s.keepAnAdmin(ctx, u, a, "取消管理员角色"); err != nil {
			return store.User{}, err
		}
	}
	old := "角色：" + RoleLabel(u.Role)
	if u.OrgUnit != "" {
		old += "，单位：" + u.OrgUnit
	}
	u.Role, u.OrgUnit = role, unit
	u.UpdatedAt = later(s.cfg.Now(), u.UpdatedAt)
	if err := s.st.PutUser(ctx, u); err != nil {
		return store.User{}, fmt.Errorf("store user %s: %w", u.Name, err)
	}
	s.forgetUser(u.ID)
	desc := "角色：" + RoleLabel(role)
	if unit != "" {
		desc += "，单位：" + unit
	}
	if err := s.audit(ctx, a.Entry("user.role", "user:"+u.Name, old, desc)); err != nil {
		return store.User{}, err
	}
	return u, nil
}

// SetAuditReader grants (or takes back) reading the audit log to the
// analyst called name.
func (s *Service) SetAuditReader(ctx context.Context, name string, on bool, a Actor) (store.User, error) {
	u, err := s.User(ctx, name)
	if err != nil {
		return store.User{}, err
	}
	if on && u.Role != store.RoleAnalyst {
		return store.User{}, inputErr(msg.AuthAuditGrantAnalystOnly, u.Name, RoleLabel(u.Role))
	}
	if u.AuditReader == on {
		return u, nil
	}
	u.AuditReader = on
	u.UpdatedAt = later(s.cfg.Now(), u.UpdatedAt)
	if err := s.st.PutUser(ctx, u); err != nil {
		return store.User{}, fmt.Errorf("store user %s: %w", u.Name, err)
	}
	s.forgetUser(u.ID)
	action, desc := "user.audit_grant", "授予查看操作日志的权限"
	if !on {
		action, desc = "user.audit_revoke", "收回查看操作日志的权限"
	}
	if err := s.audit(ctx, a.Entry(action, "user:"+u.Name, "", desc)); err != nil {
		return store.User{}, err
	}
	return u, nil
}

// Tokens returns the API tokens of the user called name (revoked and
// expired ones included), oldest first.
func (s *Service) Tokens(ctx context.Context, name string) ([]store.Token, error) {
	u, err := s.User(ctx, name)
	if err != nil {
		return nil, err
	}
	list, err := s.st.TokensOfUser(ctx, u.ID)
	if err != nil {
		return nil, fmt.Errorf("list tokens: %w", err)
	}
	sort.SliceStable(list, func(i, j int) bool { return list[i].CreatedAt.Before(list[j].CreatedAt) })
	return list, nil
}

// RevokeTokens revokes every API token of the user called name and returns
// how many were live.
func (s *Service) RevokeTokens(ctx context.Context, name string, a Actor) (int, error) {
	u, err := s.User(ctx, name)
	if err != nil {
		return 0, err
	}
	n, err := s.revokeTokens(ctx, u.ID)
	if err != nil {
		return 0, err
	}
	s.forgetUser(u.ID)
	if err := s.audit(ctx, a.Entry("token.revoke", "user:"+u.Name, "", fmt.Sprintf("吊销 %d 个 API 令牌", n))); err != nil {
		return 0, err
	}
	return n, nil
}

// revokeSessions revokes the live sessions of a user except keep (a
// session ID) and returns how many it revoked.
func (s *Service) revokeSessions(ctx context.Context, userID, keep string) (int, error) {
	list, err := s.st.SessionsOfUser(ctx, userID)
	if err != nil {
		return 0, fmt.Errorf("list sessions: %w", err)
	}
	n := 0
	now := s.cfg.Now()
	for _, sess := range list {
		if sess.Revoked || sess.ID == keep || !now.Before(sess.ExpiresAt) {
			continue
		}
		sess.Revoked = true
		if err := s.st.PutSession(ctx, sess); err != nil {
			return n, fmt.Errorf("revoke session: %w", err)
		}
		s.forget(sess.ID)
		n++
	}
	return n, nil
}

func (s *Service) revokeTokens(ctx context.Context, userID string) (int, error) {
	list, err := s.st.TokensOfUser(ctx, userID)
	if err != nil {
		return 0, fmt.Errorf("list tokens: %w", err)
	}
	n := 0
	for _, t := range list {
		if t.Revoked {
			continue
		}
		t.Revoked = true
		if err := s.st.PutToken(ctx, t); err != nil {
			return n, fmt.Errorf("revoke token: %w", err)
		}
		s.forget(t.ID)
		n++
	}
	return n, nil
}
