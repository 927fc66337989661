// Parses documents the way the programs that consume grafana-stack's output do, so tests
// can check that what was written is what is read back: Go's YAML parsers (yaml.v3 as
// Prometheus 3 and Helm read, yaml.v2 as Alertmanager, Loki, kubectl's sigs.k8s.io/yaml
// read), go-ini as Grafana loads grafana.ini, encoding/json as Grafana and Caddy read JSON,
// and Alloy's own syntax parser (github.com/grafana/alloy/syntax, Apache-2.0).
//
// One process serves many documents: each stdin line is a JSON request
// {"id":…, "kind":"yaml"|"ini"|"json"|"alloy", "text":…}; each stdout line the answer
// {"id":…, "value":…} or {"id":…, "error":…}.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/grafana/alloy/syntax/ast"
	"github.com/grafana/alloy/syntax/parser"
	"github.com/grafana/alloy/syntax/vm"
	"gopkg.in/ini.v1"
	yaml2 "gopkg.in/yaml.v2"
	yaml3 "gopkg.in/yaml.v3"
)

type request struct {
	ID   int    `json:"id"`
	Kind string `json:"kind"`
	Text string `json:"text"`
}

type answer struct {
	ID    int         `json:"id"`
	Value interface{} `json:"value,omitempty"`
	Error string      `json:"error,omitempty"`
}

func main() {
	in := bufio.NewReaderSize(os.Stdin, 1<<20)
	out := bufio.NewWriter(os.Stdout)
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	for {
		line, err := in.ReadBytes('\n')
		if len(bytes.TrimSpace(line)) > 0 {
			var r request
			a := answer{}
			if e := json.Unmarshal(line, &r); e != nil {
				a.Error = "bad request: " + e.Error()
			} else {
				a.ID = r.ID
				v, e := parse(r.Kind, r.Text)
				if e != nil {
					a.Error = e.Error()
				} else {
					a.Value = v
				}
			}
			if e := enc.Encode(a); e != nil {
				fmt.Fprintln(os.Stderr, e)
				os.Exit(1)
			}
			out.Flush()
		}
		if err == io.EOF {
			return
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
}

func parse(kind, text string) (interface{}, error) {
	switch kind {
	case "yaml":
		return parseYAML(text)
	case "ini":
		return parseINI(text)
	case "json":
		var v interface{}
		d := json.NewDecoder(strings.NewReader(text))
		if err := d.Decode(&v); err != nil {
			return nil, err
		}
		if d.More() {
			return nil, errors.New("more than one JSON value")
		}
		return v, nil
	case "alloy":
		return parseAlloy(text)
	}
	return nil, fmt.Errorf("unknown kind %q", kind)
}

// Every document of a YAML stream, read by yaml.v3 and by yaml.v2, which must agree.
func parseYAML(text string) (interface{}, error) {
	var docs3 []interface{}
	d3 := yaml3.NewDecoder(strings.NewReader(text))
	for {
		var v interface{}
		err := d3.Decode(&v)
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("yaml.v3: %w", err)
		}
		docs3 = append(docs3, plain(v))
	}
	var docs2 []interface{}
	d2 := yaml2.NewDecoder(strings.NewReader(text))
	for {
		var v interface{}
		err := d2.Decode(&v)
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("yaml.v2: %w", err)
		}
		docs2 = append(docs2, plain(v))
	}
	j3, err3 := json.Marshal(docs3)
	j2, err2 := json.Marshal(docs2)
	if err3 != nil || err2 != nil {
		return nil, fmt.Errorf("not JSON data: %v %v", err3, err2)
	}
	if !bytes.Equal(j3, j2) {
		return nil, fmt.Errorf("yaml.v2 and yaml.v3 read different data:\nv3: %s\nv2: %s", j3, j2)
	}
	return docs3, nil
}

// YAML data as JSON data; a key that is not a string is an error (it would not survive).
func plain(v interface{}) interface{} {
	switch x := v.(type) {
	case map[string]interface{}:
		out := map[string]interface{}{}
		for k, e := range x {
			out[k] = plain(e)
		}
		return out
	case map[interface{}]interface{}:
		out := map[string]interface{}{}
		for k, e := range x {
			s, ok := k.(string)
			if !ok {
				s = fmt.Sprintf("!nonstring:%T:%v", k, k)
			}
			out[s] = plain(e)
		}
		return out
	case []interface{}:
		out := make([]interface{}, len(x))
		for i, e := range x {
			out[i] = plain(e)
		}
		return out
	default:
		return x
	}
}

type iniKey struct {
	Name string `json:"name"`
	// Value is what Grafana's expanders see (key.Value()), String what it reads after
	// go-ini's %(key)s interpolation (key.String()).
	Value  string `json:"value"`
	String string `json:"string"`
}

type iniSection struct {
	Name string   `json:"name"`
	Keys []iniKey `json:"keys"`
}

// grafana.ini as Grafana loads it: ini.Load with the default options (pkg/setting).
func parseINI(text string) (interface{}, error) {
	f, err := ini.Load([]byte(text))
	if err != nil {
		return nil, err
	}
	sections := []iniSection{}
	for _, s := range f.Sections() {
		keys := []iniKey{}
		for _, k := range s.Keys() {
			keys = append(keys, iniKey{Name: k.Name(), Value: k.Value(), String: k.String()})
		}
		sections = append(sections, iniSection{Name: s.Name(), Keys: keys})
	}
	return sections, nil
}

// config.alloy as the statements grafana-stack builds (formats/alloy.ts): blocks and
// attributes, literal values evaluated by Alloy's own VM, references as {"$alloyExpr": "a.b"}.
func parseAlloy(text string) (interface{}, error) {
	f, err := parser.ParseFile("config.alloy", []byte(text))
	if err != nil {
		return nil, err
	}
	body, err := alloyBody(f.Body)
	if err != nil {
		return nil, err
	}
	return map[string]interface{}{"kind": "alloy-file", "body": body}, nil
}

func alloyBody(b ast.Body) ([]interface{}, error) {
	out := []interface{}{}
	for _, st := range b {
		switch s := st.(type) {
		case *ast.BlockStmt:
			body, err := alloyBody(s.Body)
			if err != nil {
				return nil, err
			}
			blk := map[string]interface{}{"kind": "block", "name": strings.Join(s.Name, "."), "body": body}
			if s.Label != "" {
				blk["label"] = s.Label
			}
			out = append(out, blk)
		case *ast.AttributeStmt:
			v, err := alloyValue(s.Value)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", s.Name.Name, err)
			}
			out = append(out, map[string]interface{}{"kind": "attr", "name": s.Name.Name, "value": v})
		default:
			return nil, fmt.Errorf("unexpected statement %T", st)
		}
	}
	return out, nil
}

func alloyValue(e ast.Expr) (interface{}, error) {
	switch x := e.(type) {
	case *ast.LiteralExpr:
		var v interface{}
		if err := vm.New(x).Evaluate(nil, &v); err != nil {
			return nil, err
		}
		return v, nil
	case *ast.ArrayExpr:
		out := []interface{}{}
		for _, el := range x.Elements {
			v, err := alloyValue(el)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	case *ast.ObjectExpr:
		out := map[string]interface{}{}
		for _, f := range x.Fields {
			v, err := alloyValue(f.Value)
			if err != nil {
				return nil, err
			}
			out[f.Name.Name] = v
		}
		return out, nil
	case *ast.IdentifierExpr, *ast.AccessExpr:
		name, err := reference(x)
		if err != nil {
			return nil, err
		}
		return map[string]interface{}{"$alloyExpr": name}, nil
	}
	return nil, fmt.Errorf("unexpected expression %T", e)
}

func reference(e ast.Expr) (string, error) {
	switch x := e.(type) {
	case *ast.IdentifierExpr:
		return x.Ident.Name, nil
	case *ast.AccessExpr:
		base, err := reference(x.Value)
		if err != nil {
			return "", err
		}
		return base + "." + x.Name.Name, nil
	}
	return "", fmt.Errorf("unexpected reference %T", e)
}
