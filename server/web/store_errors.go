package web

import (
	"industrydash/internal/msg"
	"industrydash/internal/store"
)

// The messages of store failures, rendered here at the edge from the
// error's code and subject; the store's own text (English, with the
// driver's cause) goes to the log only.

var entityNouns = map[string]msg.Code{
	"user":         msg.WebNounUser,
	"session":      msg.WebNounSession,
	"token":        msg.WebNounToken,
	"submission":   msg.WebNounSubmission,
	"outbox entry": msg.WebNounOutboxEntry,
}

// notFoundMessage names the missing record when the error says which.
func notFoundMessage(err error) string {
	entity, key, _ := store.Subject(err)
	noun, ok := entityNouns[entity]
	switch {
	case ok && key != "":
		return msg.Text(msg.New(msg.WebRecordNotFound, noun, key))
	case ok:
		return msg.Text(msg.New(msg.WebEntityNotFound, noun))
	}
	return msg.Text(msg.New(msg.WebNotFound))
}

// conflictMessage says what someone else changed first.
func conflictMessage(err error) string {
	entity, key, _ := store.Subject(err)
	switch entity {
	case "user":
		return msg.Text(msg.New(msg.WebNameTaken, key))
	case "submission":
		return msg.Text(msg.New(msg.WebSubmissionChanged, key))
	}
	return msg.Text(msg.New(msg.WebChanged))
}
