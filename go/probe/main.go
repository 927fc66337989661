// Command grafana-stack-probe is the healthcheck of grafana-stack's containers: its own
// images carry no shell, curl or wget, nor do most official ones, so a container
// healthcheck needs a program of its own (mounted read-only into the official images).
//
//	grafana-stack-probe URL [TIMEOUT]
//
// exits 0 when URL answers with a 2xx status within TIMEOUT (default 5s), 1 otherwise.
//
//	grafana-stack-probe own UID:GID DIR...
//
// hands each DIR (not what is inside) to UID:GID unless it is theirs already: Compose's
// one-shot volume preparation for official images, whose new volumes belong to root or to
// the image's own user. It needs CAP_CHOWN and nothing else.
package main

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func main() {
	if len(os.Args) >= 2 && os.Args[1] == "own" {
		os.Exit(own(os.Args[2:]))
	}
	if len(os.Args) < 2 || len(os.Args) > 3 {
		fmt.Fprintln(os.Stderr, "usage: grafana-stack-probe URL [TIMEOUT] | grafana-stack-probe own UID:GID DIR...")
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

func own(args []string) int {
	if len(args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: grafana-stack-probe own UID:GID DIR...")
		return 2
	}
	ids := strings.SplitN(args[0], ":", 2)
	uid, errU := strconv.Atoi(ids[0])
	gid, errG := strconv.Atoi(ids[len(ids)-1])
	if len(ids) != 2 || errU != nil || errG != nil {
		fmt.Fprintf(os.Stderr, "invalid owner %q: expected UID:GID\n", args[0])
		return 2
	}
	for _, dir := range args[1:] {
		var st syscall.Stat_t
		if err := syscall.Lstat(dir, &st); err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", dir, err)
			return 1
		}
		if st.Mode&syscall.S_IFMT != syscall.S_IFDIR {
			fmt.Fprintf(os.Stderr, "%s: not a directory\n", dir)
			return 1
		}
		if int(st.Uid) == uid && int(st.Gid) == gid {
			continue
		}
		if err := syscall.Lchown(dir, uid, gid); err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", dir, err)
			return 1
		}
		fmt.Printf("%s: owner %d:%d -> %d:%d\n", dir, st.Uid, st.Gid, uid, gid)
	}
	return 0
}
