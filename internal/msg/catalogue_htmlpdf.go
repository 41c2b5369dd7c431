package msg

// Codes of Htmlpdf.
const (
	HtmlpdfNoEngine    Code = "htmlpdf.NoEngine"
	HtmlpdfNoPDFEngine Code = "htmlpdf.NoPDFEngine"
)

func init() {
	register(map[Code]Entry{
		HtmlpdfNoEngine:    {Zh: "%[3]s（%[1]s=%[2]s 不存在）", En: "%s=%s does not exist", Cause: true},
		HtmlpdfNoPDFEngine: {Zh: "生成PDF需要Chromium浏览器，但本机未找到。请由管理员运行 scripts/ensure-chromium.sh（即 apt-get install chromium fonts-noto-cjk）安装，或设置环境变量 CHROMIUM_PATH 指向浏览器程序；在此之前可先下载HTML版后用浏览器“打印→另存为PDF”，或下载Word版", En: "no Chromium to render PDF"},
	})
}
