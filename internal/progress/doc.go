// Package progress is the progress engine of DESIGN.md §3: it turns the
// current observations of an indicator into monthly series, measures them
// against a target the way economic-operations staff do (累计, 时序进度,
// 百分点, 同比), ranks units and words the result in the standard Chinese
// phrasing. It is pure: no I/O, standard library and domain types only.
//
// Quantities carry their type in their names: a Fraction is 0..1, a Pct is a
// percentage (45.2 means 45.2%), a PP is a difference in 百分点. Everything is
// computed in full precision; only the Format and Phrase functions round.
package progress
