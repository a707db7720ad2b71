package app

import "encoding/json"

// UnmarshalJSON reads a step written as a string (its text) or as an
// object. The content package decodes guides with a codec of its choosing;
// this is the one place where a type of the engine reads JSON itself,
// because only it knows that a step has two forms. It uses encoding/json,
// which the wasm links anyway (goccy/go-json natively calls this method
// too).
func (in *Instruction) UnmarshalJSON(data []byte) error {
	if len(data) > 0 && data[0] == '"' {
		*in = Instruction{}
		return json.Unmarshal(data, &in.Text)
	}
	type plain Instruction // without this method
	var p plain
	if err := json.Unmarshal(data, &p); err != nil {
		return err
	}
	*in = Instruction(p)
	return nil
}
