package minutes

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// MaxDocumentBytes caps the JSON size Parse accepts (500 long agenda items fit well below it).
const MaxDocumentBytes = 16 << 20

// ErrSyntax wraps JSON syntax and type errors from Parse.
var ErrSyntax = errors.New("minutes: malformed JSON")

// Parse decodes a Document from JSON sent by a client, refusing unknown fields, trailing data
// and documents over MaxDocumentBytes, then validates it. Errors unwrap to ErrTooLarge,
// ErrSyntax or ErrInvalid (a *ValidationError).
func Parse(data []byte) (*Document, error) {
	if len(data) > MaxDocumentBytes {
		return nil, ErrTooLarge
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var d Document
	if err := dec.Decode(&d); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrSyntax, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("%w: trailing data after the document", ErrSyntax)
	}
	if err := d.Validate(); err != nil {
		return nil, err
	}
	return &d, nil
}
