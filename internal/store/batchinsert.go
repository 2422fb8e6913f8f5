package store

import (
	"database/sql"
	"fmt"
	"strings"

	"gorm.io/gorm"
)

// batchInsert writes many rows of one table in a write transaction: multi-row INSERTs of batch
// rows, the full-batch statement prepared once on the transaction's own connection. (gorm's
// statement cache re-prepares a statement in every later transaction, SQLite takes about as long
// to prepare a many-parameter INSERT as to run it, and gorm's reflective CreateInBatches cost more
// than the inserts themselves on a 10,000-row import.) These statements bypass gorm's callbacks,
// so DB.Queries does not count them; it counts the statements of pages, which never import.
type batchInsert struct {
	tx    *gorm.DB
	table string
	cols  []string
	batch int
	stmt  *sql.Stmt
	args  []any
}

// newBatchInsert prepares the inserter; rows is how many rows will be written (a statement is
// prepared only when there is more than one full batch).
func newBatchInsert(tx *gorm.DB, table string, cols []string, batch, rows int) (*batchInsert, error) {
	b := &batchInsert{tx: tx, table: table, cols: cols, batch: batch, args: make([]any, 0, batch*len(cols))}
	if rows < 2*batch {
		return b, nil
	}
	var sqlTx *sql.Tx
	switch c := tx.Statement.ConnPool.(type) {
	case *gorm.PreparedStmtTX:
		sqlTx, _ = c.Tx.(*sql.Tx)
	case *sql.Tx:
		sqlTx = c
	}
	if sqlTx == nil {
		return b, nil
	}
	var err error
	b.stmt, err = sqlTx.PrepareContext(tx.Statement.Context, b.sql(batch))
	return b, err
}

// add appends one row's values (in cols order), writing a batch when it is full.
func (b *batchInsert) add(values ...any) error {
	b.args = append(b.args, values...)
	if len(b.args) == b.batch*len(b.cols) {
		return b.flush()
	}
	return nil
}

// close writes the last, partial batch and releases the statement.
func (b *batchInsert) close() error {
	err := b.flush()
	if b.stmt != nil {
		if cerr := b.stmt.Close(); err == nil {
			err = cerr
		}
	}
	return err
}

func (b *batchInsert) flush() error {
	if len(b.args) == 0 {
		return nil
	}
	var err error
	if n := len(b.args) / len(b.cols); b.stmt != nil && n == b.batch {
		_, err = b.stmt.ExecContext(b.tx.Statement.Context, b.args...)
	} else {
		err = b.tx.Exec(b.sql(n), b.args...).Error
	}
	b.args = b.args[:0]
	return err
}

// sql is the INSERT of n rows, with the dialect's placeholders.
func (b *batchInsert) sql(n int) string {
	var s strings.Builder
	s.WriteString("INSERT INTO " + b.table + " (" + strings.Join(b.cols, ", ") + ") VALUES ")
	pg := b.tx.Dialector.Name() == "postgres"
	k := 0
	for i := 0; i < n; i++ {
		if i > 0 {
			s.WriteByte(',')
		}
		s.WriteByte('(')
		for j := range b.cols {
			if j > 0 {
				s.WriteByte(',')
			}
			k++
			if pg {
				fmt.Fprintf(&s, "$%d", k)
			} else {
				s.WriteByte('?')
			}
		}
		s.WriteByte(')')
	}
	return s.String()
}
