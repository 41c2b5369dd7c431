package embedded

import (
	"bytes"
	"context"
	"strings"

	bolt "go.etcd.io/bbolt"

	"industrydash/internal/leading"
	"industrydash/internal/msg"
)

// All-or-nothing loads of consumption (issue 24). A loader begins its batch
// (BeginLeadingBatch): the batch is marked open in leading_open, and what
// it writes goes, block by block, to leading_pending instead of
// leading_power, untouched by the in-memory state and so by every query.
// RecordLeadingBatch then moves the blocks into leading_power, records the
// batch and drops the mark in one transaction, and applies the rows. A
// loader killed in between leaves only pending blocks that no read replays;
// running the file again is a new batch that completes it.
//
//	leading_open     batch id → ""
//	leading_pending  batch id 0x00 seq (uint64 BE) → power block

var (
	bucketLeadOpen    = []byte("leading_open")
	bucketLeadPending = []byte("leading_pending")
)

// BeginLeadingBatch opens batch id: its readings stay out of every query
// until RecordLeadingBatch.
func (s *Store) BeginLeadingBatch(ctx context.Context, id string) error {
	if strings.TrimSpace(id) == "" || strings.ContainsRune(id, 0) {
		return msg.New(msg.StoreLeadingBatchID)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ls, err := s.writableLeading(ctx)
	if err != nil {
		return err
	}
	return s.writeState(ctx, "begin leading batch", func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(bucketLeadOpen)
		if err != nil {
			return err
		}
		return b.Put([]byte(id), nil)
	}, func() { ls.open[id] = true })
}

// appendPending stores rows of an open batch as a pending block: those
// that differ from the batch's own earlier reading of the key or, failing
// one, from the visible value, counted like AppendPower counts. Replayed in
// order at the commit they leave the batch's last value of each key. The
// caller holds s.mu.
func (s *Store) appendPending(ctx context.Context, ls *leadingState, batchID string, rows []leading.PowerReading) (leading.WriteCounts, error) {
	var wc leading.WriteCounts
	own := ls.pending[batchID]
	kept := make([]leading.PowerReading, 0, len(rows))
	for _, r := range rows {
		day := dayNum(r.Date)
		old, ok := ls.currentIn(own, r.Enterprise, day)
		if !ok {
			old, ok = ls.current(r.Enterprise, day)
		}
		if wc.Count(ok, old.wh == r.Wh && old.district == r.District && old.chain == r.Chain) {
			kept = append(kept, r)
		}
	}
	if len(kept) == 0 {
		return wc, nil
	}
	err := s.writeState(ctx, "append pending power", func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(bucketLeadPending)
		if err != nil {
			return err
		}
		seq, err := b.NextSequence()
		if err != nil {
			return err
		}
		key := append([]byte(batchID+"\x00"), make([]byte, 8)...)
		putUint64(key[len(key)-8:], seq)
		return b.Put(key, encodePowerBlock(kept))
	}, func() {
		if own == nil {
			own = map[int32]*powerDay{}
			ls.pending[batchID] = own
		}
		ls.applyTo(own, kept, false)
	})
	if err != nil {
		return leading.WriteCounts{}, err
	}
	return wc, nil
}

// commitPending, inside RecordLeadingBatch's transaction, moves batch id's
// pending blocks into leading_power and drops its open mark; it returns the
// blocks to apply once the transaction commits.
func commitPending(tx *bolt.Tx, id string) ([][]byte, error) {
	var blocks [][]byte
	if b := tx.Bucket(bucketLeadPending); b != nil {
		prefix := []byte(id + "\x00")
		var keys [][]byte
		c := b.Cursor()
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			keys = append(keys, bytes.Clone(k))
			blocks = append(blocks, bytes.Clone(v))
		}
		for i, k := range keys {
			if err := appendBlock(tx, bucketLeadPower, blocks[i]); err != nil {
				return nil, err
			}
			if err := b.Delete(k); err != nil {
				return nil, err
			}
		}
	}
	if b := tx.Bucket(bucketLeadOpen); b != nil {
		if err := b.Delete([]byte(id)); err != nil {
			return nil, err
		}
	}
	return blocks, nil
}

func putUint64(b []byte, v uint64) {
	for i := 7; i >= 0; i-- {
		b[i] = byte(v)
		v >>= 8
	}
}
