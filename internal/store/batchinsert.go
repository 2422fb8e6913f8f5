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
	var err error
	b.stmt, err = prepareInTx(tx, b.sql(batch))
	return b, err
}

// prepareInTx prepares query (with the dialect's placeholders) on the transaction's own
// connection; nil when tx is not a plain database/sql transaction.
func prepareInTx(tx *gorm.DB, query string) (*sql.Stmt, error) {
	var sqlTx *sql.Tx
	switch c := tx.Statement.ConnPool.(type) {
	case *gorm.PreparedStmtTX:
		sqlTx, _ = c.Tx.(*sql.Tx)
	case *sql.Tx:
		sqlTx = c
	}
	if sqlTx == nil {
		return nil, nil
	}
	return sqlTx.PrepareContext(tx.Statement.Context, query)
}

// rowExec runs one statement many times in a write transaction (an import's updates): prepared
// once on the transaction's connection when it runs often, through gorm otherwise.
type rowExec struct {
	tx    *gorm.DB
	query string // with ? placeholders
	stmt  *sql.Stmt
}

// newRowExec prepares query (written with ? placeholders) when it will run at least 20 times.
func newRowExec(tx *gorm.DB, query string, times int) (*rowExec, error) {
	e := &rowExec{tx: tx, query: query}
	if times < 20 {
		return e, nil
	}
	q := query
	if tx.Dialector.Name() == "postgres" {
		var s strings.Builder
		k := 0
		for _, r := range query {
			if r == '?' {
				k++
				fmt.Fprintf(&s, "$%d", k)
				continue
			}
			s.WriteRune(r)
		}
		q = s.String()
	}
	var err error
	e.stmt, err = prepareInTx(tx, q)
	return e, err
}

// exec runs the statement with args and returns the count of rows it changed.
func (e *rowExec) exec(args ...any) (int64, error) {
	if e.stmt == nil {
		res := e.tx.Exec(e.query, args...)
		return res.RowsAffected, res.Error
	}
	res, err := e.stmt.ExecContext(e.tx.Statement.Context, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// close releases the prepared statement.
func (e *rowExec) close() error {
	if e.stmt == nil {
		return nil
	}
	return e.stmt.Close()
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
