package msg

// Codes of the loader (internal/load).
const (
	LoadRejected Code = "load.rejected"
)

func init() {
	register(map[Code]Entry{
		LoadRejected: {Zh: "数据有错误或需补充说明，未导入任何数据", En: "the data has errors or unexplained warnings; nothing loaded"},
	})
}
