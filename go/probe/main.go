// Command grafana-stack-probe is the healthcheck of grafana-stack's images: they carry no
// shell, curl or wget, so a container healthcheck needs a program of its own.
//
//	grafana-stack-probe URL [TIMEOUT]
//
// exits 0 when URL answers with a 2xx status within TIMEOUT (default 5s), 1 otherwise.
package main

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"time"
)

func main() {
	if len(os.Args) < 2 || len(os.Args) > 3 {
		fmt.Fprintln(os.Stderr, "usage: grafana-stack-probe URL [TIMEOUT]")
		os.Exit(2)
	}
	timeout := 5 * time.Second
	if len(os.Args) == 3 {
		d, err := time.ParseDuration(os.Args[2])
		if err != nil {
			fmt.Fprintf(os.Stderr, "invalid timeout %q: %v\n", os.Args[2], err)
			os.Exit(2)
		}
		timeout = d
	}
	client := http.Client{Timeout: timeout}
	resp, err := client.Get(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
	_ = resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		fmt.Fprintf(os.Stderr, "%s: HTTP %d\n", os.Args[1], resp.StatusCode)
		os.Exit(1)
	}
}
