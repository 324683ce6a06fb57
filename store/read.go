package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"strconv"
	"sync/atomic"
)

// blobQuery reads the summary of a content hash under a version.
const blobQuery = "SELECT data FROM summaries WHERE sha256 = ? AND version = ?"

// readers is the pool of connections the blob reads go through, each with
// blobQuery prepared on its driver connection and a read transaction kept
// open: a read then costs one step of SQLite, without taking and
// releasing the WAL's read lock (two system calls) and without
// database/sql's bookkeeping of rows. The lookups of a warm run are most
// of its time in the store.
//
// A reader's transaction sees the store as it was when it began: after
// each write of this Store (refresh), a reader begins a new one before its
// next read, so that what was written is seen. Writes of other programs
// are seen from the next refresh on (until then their summaries are
// misses). Idle readers are kept up to the pool's capacity; their
// connections count in the database's pool, which has no limit, so that
// an idle reader never keeps a writer waiting.
type readers struct {
	db   *sql.DB
	free chan *reader
	gen  atomic.Uint64 // counts the refreshes
}

// queryStmt is a driver's prepared statement that takes a context.
type queryStmt interface {
	driver.Stmt
	driver.StmtQueryContext
}

// reader is one connection of readers with its statement.
type reader struct {
	conn *sql.Conn
	stmt queryStmt
	dest []driver.Value
	// inTx is set while the reader's transaction is open; gen is the
	// refresh it began after.
	inTx bool
	gen  uint64
}

// newReaders returns a pool on db that keeps up to n idle readers.
func newReaders(db *sql.DB, n int) *readers {
	return &readers{db: db, free: make(chan *reader, n)}
}

// get returns an idle reader, or a new one, in a transaction that began
// after the last refresh.
func (p *readers) get(ctx context.Context) (*reader, error) {
	var r *reader
	select {
	case r = <-p.free:
	default:
		var err error
		if r, err = p.open(ctx); err != nil {
			return nil, err
		}
	}
	if gen := p.gen.Load(); !r.inTx || r.gen != gen {
		if err := r.begin(ctx, gen); err != nil {
			r.close()
			return nil, err
		}
	}
	return r, nil
}

// refresh makes every reader begin a new transaction before its next
// read: the idle ones at once, the others when they are next taken.
func (p *readers) refresh(ctx context.Context) {
	p.gen.Add(1)
	for range len(p.free) {
		select {
		case r := <-p.free:
			if err := r.end(ctx); err != nil {
				r.close()
				continue
			}
			p.put(r)
		default:
			return
		}
	}
}

// open opens a new reader, outside any transaction.
func (p *readers) open(ctx context.Context) (*reader, error) {
	conn, err := p.db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	r := &reader{conn: conn, dest: make([]driver.Value, 1)}
	err = conn.Raw(func(dc any) error {
		c, ok := dc.(driver.ConnPrepareContext)
		if !ok {
			return errors.New("the SQLite driver cannot prepare a statement")
		}
		st, err := c.PrepareContext(ctx, blobQuery)
		if err != nil {
			return err
		}
		if r.stmt, ok = st.(queryStmt); !ok {
			st.Close()
			return errors.New("the SQLite driver cannot query a statement")
		}
		return nil
	})
	if err != nil {
		conn.Close()
		return nil, err
	}
	return r, nil
}

// put gives r back to the pool, or closes it when the pool is full.
func (p *readers) put(r *reader) {
	select {
	case p.free <- r:
	default:
		r.close()
	}
}

// close closes the idle readers.
func (p *readers) close() {
	for {
		select {
		case r := <-p.free:
			r.close()
		default:
			return
		}
	}
}

// close ends r's transaction and closes its statement and connection.
func (r *reader) close() {
	ctx := context.Background()
	r.end(ctx)
	r.conn.Raw(func(any) error { return r.stmt.Close() })
	r.conn.Close()
}

// begin ends r's transaction if one is open and begins another (which
// takes its snapshot at the first read).
func (r *reader) begin(ctx context.Context, gen uint64) error {
	if err := r.end(ctx); err != nil {
		return err
	}
	if err := r.exec(ctx, "BEGIN"); err != nil {
		return err
	}
	r.inTx, r.gen = true, gen
	return nil
}

// end ends r's transaction, if one is open.
func (r *reader) end(ctx context.Context) error {
	if !r.inTx {
		return nil
	}
	r.inTx = false
	return r.exec(ctx, "ROLLBACK")
}

// exec runs q on r's driver connection, out of database/sql's sight (it
// must not see the transaction: the connection goes back to its pool only
// when none is open).
func (r *reader) exec(ctx context.Context, q string) error {
	return r.conn.Raw(func(dc any) error {
		c, ok := dc.(driver.ExecerContext)
		if !ok {
			return errors.New("the SQLite driver cannot execute a statement")
		}
		_, err := c.ExecContext(ctx, q, nil)
		return err
	})
}

// blob reads the data of (sum, version): found is false when there is no
// such row or its data is NULL. Data of another type than BLOB (a crafted
// store) is returned as database/sql would scan it into a []byte.
func (r *reader) blob(ctx context.Context, sum []byte, version string) (blob []byte, found bool, err error) {
	err = r.conn.Raw(func(any) error {
		rows, err := r.stmt.QueryContext(ctx, []driver.NamedValue{{Ordinal: 1, Value: sum}, {Ordinal: 2, Value: version}})
		if err != nil {
			return err
		}
		defer rows.Close()
		r.dest[0] = nil
		if err := rows.Next(r.dest); err != nil {
			if err == io.EOF {
				return nil
			}
			return err
		}
		blob, found = asBytes(r.dest[0])
		r.dest[0] = nil
		return nil
	})
	return blob, found, err
}

// asBytes converts a column's value to bytes as database/sql's Scan into
// a *[]byte does; ok is false for NULL and types it does not convert.
func asBytes(v driver.Value) (b []byte, ok bool) {
	switch v := v.(type) {
	case []byte:
		return v, true // the driver's own copy
	case string:
		return []byte(v), true
	case int64:
		return strconv.AppendInt(nil, v, 10), true
	case float64:
		return strconv.AppendFloat(nil, v, 'g', -1, 64), true
	case bool:
		return strconv.AppendBool(nil, v), true
	}
	return nil, false
}
