package embedded

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"time"

	"industrydash/internal/domain"
)

// Observations are the bulk of the data (districts × parks × enterprises ×
// indicators × months × corrections reaches a million rows within a few
// years) and every one of them is decoded when the store opens, so they use
// a small hand-written binary layout instead of JSON (reflection-driven,
// several times slower to decode, and it repeats every field name in every
// row) or gob (which repeats its type description in every independently
// encoded value). The catalogue (org units, indicators, targets, batches) is small
// and changes shape more often, so it stays JSON: readable with any bbolt
// browser and tolerant of added fields.
//
// Layout, version 1:
//
//	byte     format version (1)
//	strings  Indicator, OrgUnit, ValueType, SubmittedUnit, Source, BatchID,
//	         SubmissionID, RecordedBy, Note (each uvarint length + bytes)
//	varints  Period.Year, Period.From, Period.To
//	8 bytes  Value (IEEE 754 bits, big endian)
//	8 bytes  SubmittedValue
//	varint   RecordedAt as UnixNano (the store keeps nanoseconds)
//	byte     Demo (0 or 1)
//
// Version 2 appends the published 同比 (YoYPct):
//
//	byte     1 when a 同比 follows, 0 otherwise
//	8 bytes  YoYPct (only when the byte is 1)
//
// Version 1 records (written before 同比 was stored) still decode, without one.
const (
	obsFormatV1 = 1
	obsFormatV2 = 2
)

var errCorrupt = errors.New("observation record is truncated or corrupt")

func encodeObs(buf []byte, o domain.Observation) []byte {
	buf = append(buf, obsFormatV2)
	for _, s := range [...]string{o.Indicator, o.OrgUnit, string(o.ValueType), o.SubmittedUnit, o.Source,
		o.BatchID, o.SubmissionID, o.RecordedBy, o.Note} {
		buf = binary.AppendUvarint(buf, uint64(len(s)))
		buf = append(buf, s...)
	}
	buf = binary.AppendVarint(buf, int64(o.Period.Year))
	buf = binary.AppendVarint(buf, int64(o.Period.From))
	buf = binary.AppendVarint(buf, int64(o.Period.To))
	buf = binary.BigEndian.AppendUint64(buf, math.Float64bits(o.Value))
	buf = binary.BigEndian.AppendUint64(buf, math.Float64bits(o.SubmittedValue))
	buf = binary.AppendVarint(buf, o.RecordedAt.UnixNano())
	if o.Demo {
		buf = append(buf, 1)
	} else {
		buf = append(buf, 0)
	}
	if o.YoYPct == nil {
		return append(buf, 0)
	}
	buf = append(buf, 1)
	return binary.BigEndian.AppendUint64(buf, math.Float64bits(*o.YoYPct))
}

// strCache turns the repeated strings of consecutive records (codes, batch
// ids) into one shared copy: bbolt's bytes are only valid inside the
// transaction, and a million copies of "150203" waste memory. Consecutive
// rows usually repeat each field, so the previous value is compared first
// and the intern map consulted only on a change.
type strCache struct {
	intern func([]byte) string
	last   [8]string
}

// decoder reads the fields of one record.
type decoder struct {
	b   []byte
	err error
	c   *strCache
}

// str reads a string; field >= 0 interns it through the cache slot field.
func (d *decoder) str(field int) string {
	if d.err != nil {
		return ""
	}
	n, k := binary.Uvarint(d.b)
	if k <= 0 || uint64(len(d.b)-k) < n {
		d.err = errCorrupt
		return ""
	}
	raw := d.b[k : k+int(n)]
	var s string
	switch {
	case field < 0:
		s = string(raw)
	case string(raw) == d.c.last[field]: // compiled without allocating
		s = d.c.last[field]
	default:
		s = d.c.intern(raw)
		d.c.last[field] = s
	}
	d.b = d.b[k+int(n):]
	return s
}

func (d *decoder) varint() int64 {
	if d.err != nil {
		return 0
	}
	v, k := binary.Varint(d.b)
	if k <= 0 {
		d.err = errCorrupt
		return 0
	}
	d.b = d.b[k:]
	return v
}

func (d *decoder) float() float64 {
	if d.err != nil {
		return 0
	}
	if len(d.b) < 8 {
		d.err = errCorrupt
		return 0
	}
	v := math.Float64frombits(binary.BigEndian.Uint64(d.b))
	d.b = d.b[8:]
	return v
}

func decodeObs(b []byte, c *strCache) (domain.Observation, int64, error) {
	var o domain.Observation
	if len(b) == 0 || (b[0] != obsFormatV1 && b[0] != obsFormatV2) {
		if len(b) == 0 {
			return o, 0, errCorrupt
		}
		return o, 0, fmt.Errorf("unknown observation format %d", b[0])
	}
	d := decoder{b: b[1:], c: c}
	o.Indicator = d.str(0)
	o.OrgUnit = d.str(1)
	o.ValueType = domain.ValueType(d.str(2))
	o.SubmittedUnit = d.str(3)
	o.Source = d.str(4)
	o.BatchID = d.str(5)
	o.SubmissionID = d.str(6)
	o.RecordedBy = d.str(7)
	o.Note = d.str(-1) // notes are mostly unique: not worth a map entry
	o.Period.Year = int(d.varint())
	o.Period.From = int(d.varint())
	o.Period.To = int(d.varint())
	o.Value = d.float()
	o.SubmittedValue = d.float()
	rec := d.varint()
	if d.err == nil && len(d.b) < 1 {
		d.err = errCorrupt
	}
	if d.err != nil {
		return o, 0, d.err
	}
	o.Demo = d.b[0] == 1
	o.RecordedAt = time.Unix(0, rec).UTC()
	if b[0] == obsFormatV2 {
		d.b = d.b[1:]
		if len(d.b) < 1 {
			return o, 0, errCorrupt
		}
		has := d.b[0] == 1
		d.b = d.b[1:]
		if has {
			y := d.float()
			if d.err != nil {
				return o, 0, d.err
			}
			o.YoYPct = &y
		}
	}
	return o, rec, nil
}
