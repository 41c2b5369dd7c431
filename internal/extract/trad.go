package extract

// traditional maps the traditional characters that matter in plan texts
// (units, numerals, comparator and signal words, the names of common
// indicators and places) to their simplified forms, so that a plan written
// in traditional characters reads like one in simplified. Only characters
// with one simplified reading are listed (not 乾/幹, 著, 係/繫, 麵); the
// quote a proposal shows is kept as written.
var traditional = map[rune]rune{}

// traditionalPairs is the table as pairs: traditional, simplified.
const traditionalPairs = "" +
	// numerals, units, comparators
	"萬万億亿兩两個个噸吨項项點点臺台輛辆條条戶户處处餘余約约與与內内標标" +
	"額额長长進进實实現现達达爭争確确保保穩稳增增減减降降過过級级倍倍" +
	"億亿噸吨畝亩釐厘幾几數数雙双擴扩產产業业總总值值規规模模營营務务" +
	// economy and industry
	"經经濟济發发開开設设區区縣县園园為为於于農农糧粮資资電电費费備备" +
	"場场質质綜综稅税險险貿贸幣币鄉乡鎮镇煙烟氣气環环護护節节廢废車车" +
	"輸输運运鐵铁鋼钢鋁铝礦矿網网絡络據据邊边醫医療疗學学養养職职員员" +
	"計计劃划際际國国銷销售售貨货準准線线屬属歸归從从來来會会東东這这" +
	"對对們们時时間间應应當当將将還还後后導导認认證证選选報报統统種种" +
	"續续態态體体構构築筑傳传協协調调動动強强創创優优勢势競竞鏈链補补" +
	"貼贴價价漲涨購购買买賣卖頭头爾尔蘭兰烏乌興兴遼辽寧宁廣广陽阳雲云" +
	"貴贵陝陕張张門门灣湾倉仓儲储庫库復复製制範范歷历徵征積积極极專专" +
	"類类數数據据軟软體体硬硬裝装備备電电池池觀观歲岁億亿鄰邻協协並并" +
	"啟启動动項项驗验檢检測测質质單单雙双聯联網网絡络務务戰战略略級级" +
	"實实施施幫帮擬拟較较遠远近近週周年年層层點点帶带廠厂礎础設设數数" +
	"綠绿色色變变轉转換换儲储熱热燃燃燒烧採采礦矿輕轻紡纺織织機机器器" +
	"藥药醫医療疗術术藝艺遊游館馆劇剧視视訊讯號号稱称覽览圖图書书報报" +
	"紙纸韓韩蘇苏無无愛爱讓让談谈論论議议記记講讲識识讀读課课試试詞词" +
	"語语話话該该說说請请問问題题責责負负貢贡獻献財财貸贷資资費费賦赋" +
	"稅税負负擔担攤摊齊齐盡尽監监營营維维護护園园圍围團团圓圆鄂鄂蒙蒙" +
	"僅仅億亿並并隻只兒儿處处覆覆蓋盖碳碳級级準准許许權权利利錄录鹽盐" +
	"鹼碱氫氢鎂镁鋰锂矽硅鎳镍銅铜鉬钼釩钒鈦钛鋅锌錳锰焦焦鍋锅爐炉壓压" +
	"動动態态辦办窗窗達达標标額额測测評评價价獎奖勵励扶扶貧贫困困脫脱" +
	"預预計计劃划畫画務务儀仪際际淨净淺浅溫温滿满漁渔濕湿灣湾災灾爲为營营牽牵猶犹獲获現现" +
	"瑪玛產产畢毕畫画當当疊叠瘡疮盤盘眾众礙碍禮礼禍祸秘秘稅税種种穩稳積积" +
	"紀纪錄录績绩效效聯联結结縮缩減减擴扩張张寬宽頻频訊讯億亿萬万個个" +
	"堅坚緊紧斷断難难舊旧舉举齡龄隨随顯显願愿驅驱鮮鲜麼么黨党龍龙衛卫觸触訂订詳详誠诚諸诸謀谋豐丰贏赢趨趋跡迹軍军軌轨輔辅邁迈針针錢钱" +
	"閑闲關关闊阔陣阵隊队雜杂靈灵頂顶順顺須须領领風风飛飞飲饮馬马麗丽黃黄聲声聽听腦脑臨临艱艰莊庄華华萊莱葉叶蟲虫複复見见覺觉親亲諾诺" +
	"謝谢譯译貝贝贈赠趕赶軒轩載载遷迁郵邮醜丑釋释鋪铺銀银錯错鍵键閉闭閱阅陰阴陳陈陸陆隱隐雖虽雞鸡離离靜静韌韧頁页頓顿顧顾飯饭鬥斗魚鱼" +
	"鳥鸟麥麦齒齿燈灯壞坏壩坝墾垦奮奋婦妇嚴严執执夠够嶺岭崗岗廳厅彈弹徑径慶庆憂忧懷怀戲戏擁拥擇择攜携敵敌斂敛朧胧棄弃榮荣樣样樓楼橋桥" +
	"檔档歡欢殘残決决況况湧涌滬沪漢汉潛潜澤泽濱滨煉炼爛烂牆墙狀状獨独獵猎瑯琅碼码禦御窮穷竄窜筆笔箋笺簡简籌筹紛纷細细終终組组絕绝給给" +
	"絲丝綁绑綱纲緒绪練练繪绘繼继纜缆罰罚羅罗義义習习聖圣肅肃腳脚膽胆臉脸艙舱蝦虾衝冲襲袭託托訪访診诊詢询誌志説说諮咨謂谓讚赞豬猪貓猫" +
	"賓宾賞赏賠赔賬账賴赖贊赞趙赵蹤踪軸轴輪轮辭辞遞递適适遲迟鄭郑鑰钥閃闪閣阁閩闽闖闯闡阐階阶隸隶顏颜飄飘飾饰餅饼驚惊驛驿髒脏鬧闹魯鲁" +
	"鴻鸿鹵卤佔占濃浓純纯緩缓銳锐峯峰劑剂週周鏡镜綫线裏里衆众増增黒黑" +
	// variants of converters and older fonts (産業, 総額, 実現)
	"産产経经営营実实発发総总単单転转効效県县"

func init() {
	rs := []rune(traditionalPairs)
	for i := 0; i+1 < len(rs); i += 2 {
		if rs[i] != rs[i+1] {
			traditional[rs[i]] = rs[i+1]
		}
	}
}

// simplify maps a traditional character to its simplified form.
func simplify(r rune) rune {
	if s, ok := traditional[r]; ok {
		return s
	}
	return r
}
