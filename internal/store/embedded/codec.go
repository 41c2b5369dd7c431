package embedded

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"time"

	"industrydash/internal/domain"
)

// Observations are the bulk of the data (a million rows is a normal year
// for a city with parks and enterprises) and every one of them is decoded
// when the store opens, so they use a small hand-written binary layout
// instead of JSON (about ten times faster to decode and half the size) or
// gob (which repeats its type description in every independently encoded
// value). The catalogue (org units, indicators, targets, batches) is small
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
const obsFormatV1 = 1

var errCorrupt = errors.New("observation record is truncated or corrupt")

func encodeObs(buf []byte, o domain.Observation) []byte {
	buf = append(buf, obsFormatV1)
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
	return buf
}

// decoder reads the fields of one record; intern maps repeated strings
// (codes, batch ids) to one shared copy, since bbolt's bytes are only valid
// inside the transaction and a million copies of "150203" waste memory.
type decoder struct {
	b      []byte
	err    error
	intern func([]byte) string
}

func (d *decoder) str() string {
	if d.err != nil {
		return ""
	}
	n, k := binary.Uvarint(d.b)
	if k <= 0 || uint64(len(d.b)-k) < n {
		d.err = errCorrupt
		return ""
	}
	s := d.intern(d.b[k : k+int(n)])
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

func decodeObs(b []byte, intern func([]byte) string) (domain.Observation, int64, error) {
	var o domain.Observation
	if len(b) == 0 || b[0] != obsFormatV1 {
		if len(b) == 0 {
			return o, 0, errCorrupt
		}
		return o, 0, fmt.Errorf("unknown observation format %d", b[0])
	}
	d := decoder{b: b[1:], intern: intern}
	o.Indicator = d.str()
	o.OrgUnit = d.str()
	o.ValueType = domain.ValueType(d.str())
	o.SubmittedUnit = d.str()
	o.Source = d.str()
	o.BatchID = d.str()
	o.SubmissionID = d.str()
	o.RecordedBy = d.str()
	o.Note = d.str()
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
	return o, rec, nil
}
