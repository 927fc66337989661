// Consumer-side parsers for the writer tests (main.go): Apache-2.0 and MIT modules only.
// github.com/grafana/alloy/syntax is Alloy's own Apache-2.0 module, required on its own.
module grafana-stack.test/parsers

go 1.22

require (
	github.com/grafana/alloy/syntax v0.1.0
	gopkg.in/ini.v1 v1.67.0
	gopkg.in/yaml.v2 v2.4.0
	gopkg.in/yaml.v3 v3.0.1
)

require (
	github.com/fatih/color v1.15.0 // indirect
	github.com/mattn/go-colorable v0.1.13 // indirect
	github.com/mattn/go-isatty v0.0.17 // indirect
	github.com/ohler55/ojg v1.20.1 // indirect
	golang.org/x/sys v0.6.0 // indirect
)
