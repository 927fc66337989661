// Same as etcd's own main.go (go.etcd.io/etcd/v3): go.etcd.io/etcd/server/v3 has replace
// directives (../api, ../client/...), so `go install ...@version` cannot be used directly.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
