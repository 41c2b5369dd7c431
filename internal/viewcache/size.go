package viewcache

import "reflect"

// Size estimates the bytes of memory v holds: the value itself and
// everything reachable from it through pointers, slices, maps, strings and
// interfaces, each pointed-to object counted once. It is an estimate for
// bounding a cache (map overhead is approximated, shared string data may
// be counted twice), not an allocator's exact figure; it is called once per
// stored value, never on a cache hit.
func Size(v any) int64 {
	if v == nil {
		return 0
	}
	w := sizer{seen: map[uintptr]bool{}}
	rv := reflect.ValueOf(v)
	return int64(rv.Type().Size()) + w.deep(rv)
}

type sizer struct {
	seen map[uintptr]bool
}

// mapEntryOverhead approximates a Go map's per-entry bookkeeping.
const mapEntryOverhead = 16

// deep returns the bytes v refers to beyond its own (inline) size.
func (w *sizer) deep(v reflect.Value) int64 {
	switch v.Kind() {
	case reflect.String:
		return int64(v.Len())
	case reflect.Pointer:
		if v.IsNil() || w.visit(v.Pointer()) {
			return 0
		}
		e := v.Elem()
		return int64(e.Type().Size()) + w.deep(e)
	case reflect.Interface:
		if v.IsNil() {
			return 0
		}
		e := v.Elem()
		n := w.deep(e)
		if k := e.Kind(); k != reflect.Pointer && k != reflect.Map && k != reflect.Slice {
			n += int64(e.Type().Size()) // boxed non-pointer value
		}
		return n
	case reflect.Slice:
		if v.IsNil() || v.Cap() == 0 || w.visit(v.Pointer()) {
			return 0
		}
		n := int64(v.Cap()) * int64(v.Type().Elem().Size())
		if hasRefs(v.Type().Elem()) {
			for i := 0; i < v.Len(); i++ {
				n += w.deep(v.Index(i))
			}
		}
		return n
	case reflect.Array:
		var n int64
		if hasRefs(v.Type().Elem()) {
			for i := 0; i < v.Len(); i++ {
				n += w.deep(v.Index(i))
			}
		}
		return n
	case reflect.Map:
		if v.IsNil() || w.visit(v.Pointer()) {
			return 0
		}
		kt, vt := v.Type().Key(), v.Type().Elem()
		n := int64(v.Len()) * (int64(kt.Size()) + int64(vt.Size()) + mapEntryOverhead)
		if hasRefs(kt) || hasRefs(vt) {
			it := v.MapRange()
			for it.Next() {
				n += w.deep(it.Key()) + w.deep(it.Value())
			}
		}
		return n
	case reflect.Struct:
		var n int64
		for i := 0; i < v.NumField(); i++ {
			n += w.deep(v.Field(i))
		}
		return n
	}
	return 0
}

// visit reports whether p was seen before, marking it seen.
func (w *sizer) visit(p uintptr) bool {
	if w.seen[p] {
		return true
	}
	w.seen[p] = true
	return false
}

// hasRefs reports whether values of t can refer to memory outside
// themselves (so walking them can add bytes).
func hasRefs(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.String, reflect.Pointer, reflect.Interface, reflect.Slice, reflect.Map:
		return true
	case reflect.Array:
		return hasRefs(t.Elem())
	case reflect.Struct:
		for i := 0; i < t.NumField(); i++ {
			if hasRefs(t.Field(i).Type) {
				return true
			}
		}
	}
	return false
}
