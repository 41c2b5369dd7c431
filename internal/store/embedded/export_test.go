package embedded

import (
	"bytes"
	"encoding/json"

	bolt "go.etcd.io/bbolt"
)

// SetWriteHook makes f run inside every write transaction of s, before it
// commits (and so before its fsync).
func SetWriteHook(s *DB, f func()) { s.inWrite = f }

// RewriteAudit applies f to the stored audit entries (in key order) and
// writes back what it returns (nil: delete the entry), bypassing the
// store's API, as an intruder editing the file would.
func RewriteAudit(s *DB, f func(e map[string]any) map[string]any) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketAudit)
		type kv struct{ k, v []byte }
		var all []kv
		c := b.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			all = append(all, kv{bytes.Clone(k), bytes.Clone(v)})
		}
		for _, r := range all {
			var e map[string]any
			if err := json.Unmarshal(r.v, &e); err != nil {
				return err
			}
			out := f(e)
			if out == nil {
				if err := b.Delete(r.k); err != nil {
					return err
				}
				continue
			}
			v, err := json.Marshal(out)
			if err != nil {
				return err
			}
			if err := b.Put(r.k, v); err != nil {
				return err
			}
		}
		return nil
	})
}
