module github.com/fixflow/fixflow

go 1.26.8

require (
	github.com/goccy/go-json v0.12.0 // indirect
	github.com/maxence-charriere/go-app/v10 v10.1.11 // indirect
)
