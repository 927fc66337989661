module grafana-stack.dev/probe

go 1.22
