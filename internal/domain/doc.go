// Package domain holds the product's vocabulary: org units, indicators, targets,
// periods and observations, with the validation rules that every source (seed
// files, ingest files, web submissions) shares. It imports only the standard
// library; the progress engine and every adapter build on these types.
package domain
