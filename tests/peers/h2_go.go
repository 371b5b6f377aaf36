// Go's HTTP/2 client and server (the standard library, Go 1.19 as Debian 12 ships it), for the
// HTTP/2 interop cells (tests/interop/h2_go.sh, tests/peers/h2_cells). Over TLS: the standard
// library speaks HTTP/2 only after ALPN; its cleartext HTTP/2 lives in golang.org/x/net, whose
// standalone Transport never waits for a 100 (its ExpectContinueTimeout comes from an
// http.Transport it is not given), so cleartext would measure nothing about Expect.
//
//	h2_go client URL BODY_FILE   one upload with Expect: 100-continue over HTTP/2, waiting for
//	                             the 100 at most ExpectContinueTimeout (1 s, like curl); prints
//	                             status=N proto=P interim=1xx,... body_sent_ms=T|- time_ms=T
//	h2_go server CERT KEY MODE   an HTTP/2 origin on 127.0.0.1:0 (prints `listening on
//	                             127.0.0.1:PORT`). MODE: read (reads the body: Go sends the
//	                             100 at the first read), reject (413 without reading), slow
//	                             (reads after 2 s). The response is the body's length, SHA-256
//	                             and the protocol, as JSON.
package main

import (
	"bytes"
	"crypto/sha256"
	"crypto/tls"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/textproto"
	"os"
	"strings"
	"time"
)

func client(url, bodyFile string) int {
	body, err := os.ReadFile(bodyFile)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	transport := &http.Transport{
		TLSClientConfig:       &tls.Config{InsecureSkipVerify: true}, // the tests' own certificate
		ForceAttemptHTTP2:     true,
		ExpectContinueTimeout: time.Second,
	}
	start := time.Now()
	var interim []string
	bodySent := time.Duration(-1) // never read
	trace := &httptrace.ClientTrace{
		Got1xxResponse: func(code int, _ textproto.MIMEHeader) error {
			interim = append(interim, fmt.Sprint(code))
			return nil
		},
	}
	counted := &countingReader{r: bytes.NewReader(body), first: func() { bodySent = time.Since(start) }}
	req, err := http.NewRequest("POST", url, counted)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	req.ContentLength = int64(len(body))
	req.Header.Set("Expect", "100-continue")
	req = req.WithContext(httptrace.WithClientTrace(req.Context(), trace))
	resp, err := (&http.Client{Transport: transport, Timeout: 10 * time.Second}).Do(req)
	if err != nil {
		fmt.Printf("status=0 proto=- interim=%s body_sent_ms=%s time_ms=%d error=%q\n",
			list(interim), ms(bodySent), time.Since(start).Milliseconds(), err.Error())
		return 1
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	fmt.Printf("status=%d proto=%s interim=%s body_sent_ms=%s time_ms=%d\n", resp.StatusCode,
		resp.Proto, list(interim), ms(bodySent), time.Since(start).Milliseconds())
	return 0
}

// The time in milliseconds, or "-" for a body never read.
func ms(d time.Duration) string {
	if d < 0 {
		return "-"
	}
	return fmt.Sprint(d.Milliseconds())
}

func list(s []string) string {
	if len(s) == 0 {
		return "-"
	}
	return strings.Join(s, ",")
}

// countingReader reports the first read of the body: when Go began to send it.
type countingReader struct {
	r     io.Reader
	first func()
	read  bool
}

func (c *countingReader) Read(p []byte) (int, error) {
	if !c.read {
		c.read = true
		c.first()
	}
	return c.r.Read(p)
}

func server(cert, key, mode string) int {
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch mode {
		case "reject":
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusRequestEntityTooLarge)
			fmt.Fprintln(w, `{"error":413}`)
			return
		case "slow":
			time.Sleep(2 * time.Second)
		}
		h := sha256.New()
		n, _ := io.Copy(h, r.Body) // Go's server sends the 100 here, at the first read
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"length":%d,"sha256":"%s","proto":"%s","expect":"%s"}`+"\n", n,
			hex.EncodeToString(h.Sum(nil)), r.Proto, r.Header.Get("Expect"))
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Printf("listening on %s\n", ln.Addr())
	os.Stdout.Sync()
	srv := &http.Server{Handler: handler}
	fmt.Fprintln(os.Stderr, srv.ServeTLS(ln, cert, key))
	return 1
}

func main() {
	args := os.Args[1:]
	switch {
	case len(args) == 3 && args[0] == "client":
		os.Exit(client(args[1], args[2]))
	case len(args) == 4 && args[0] == "server":
		os.Exit(server(args[1], args[2], args[3]))
	}
	fmt.Fprintln(os.Stderr, "usage: h2_go client URL BODY_FILE | h2_go server CERT KEY read|reject|slow")
	os.Exit(2)
}
