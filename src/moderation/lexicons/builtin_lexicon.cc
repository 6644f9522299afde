// Built-in lexicons for banned topics, written for Shoal. Terms are matched against
// normalised text (lower case, simplified Chinese, no spacing tricks). A weight is how
// sure one occurrence alone makes us: 0.9+ acts on its own, lower weights only add up
// with other signals (noisy-or), which keeps ordinary chat about these topics safe.
#include "moderation/lexicons/builtin_lexicon.h"

namespace shoal {

const std::vector<LexiconTerm>& BuiltinLexicon() {
  static const std::vector<LexiconTerm> kTerms = {
      // gambling
      {"gambling", "百家乐", 0.9}, {"gambling", "六合彩", 0.85}, {"gambling", "时时彩", 0.9},
      {"gambling", "北京赛车", 0.85}, {"gambling", "幸运飞艇", 0.9}, {"gambling", "真人娱乐", 0.9},
      {"gambling", "体育投注", 0.9}, {"gambling", "博彩", 0.9}, {"gambling", "菠菜", 0.5},
      {"gambling", "首充", 0.6}, {"gambling", "返水", 0.7}, {"gambling", "彩金", 0.7},
      {"gambling", "棋牌", 0.5}, {"gambling", "赌场", 0.6}, {"gambling", "网赌", 0.6},
      {"gambling", "线上娱乐城", 0.95}, {"gambling", "娱乐城", 0.7}, {"gambling", "老虎机", 0.6},
      {"gambling", "彩票计划", 0.9}, {"gambling", "稳赢", 0.6}, {"gambling", "包赢", 0.7},
      {"gambling", "online casino", 0.9}, {"gambling", "casino bonus", 0.9}, {"gambling", "sports betting", 0.7},
      {"gambling", "free spins", 0.8}, {"gambling", "betting tips", 0.8},
      // pornography
      {"porn", "约炮", 0.9}, {"porn", "裸聊", 0.95}, {"porn", "援交", 0.95}, {"porn", "一夜情", 0.8},
      {"porn", "同城约", 0.8}, {"porn", "上门服务", 0.8}, {"porn", "福利姬", 0.9}, {"porn", "成人视频", 0.9},
      {"porn", "黄网", 0.8}, {"porn", "色情", 0.5}, {"porn", "小姐姐在线", 0.7}, {"porn", "看片", 0.5},
      {"porn", "av在线", 0.9}, {"porn", "无码", 0.7}, {"porn", "porn", 0.7}, {"porn", "nudes", 0.8},
      {"porn", "sex chat", 0.9}, {"porn", "hot singles", 0.95}, {"porn", "onlyfans", 0.6}, {"porn", "xxx video", 0.9},
      // drugs
      {"drugs", "冰毒", 0.9}, {"drugs", "大麻", 0.5}, {"drugs", "摇头丸", 0.9}, {"drugs", "k粉", 0.9},
      {"drugs", "麻古", 0.95}, {"drugs", "溜冰", 0.3}, {"drugs", "海洛因", 0.8}, {"drugs", "笑气", 0.7},
      {"drugs", "迷药", 0.9}, {"drugs", "听话水", 0.95}, {"drugs", "cocaine", 0.7}, {"drugs", "mdma", 0.8},
      {"drugs", "weed for sale", 0.95},
      // fraud and money laundering
      {"fraud", "跑分", 0.9}, {"fraud", "刷单", 0.85}, {"fraud", "日结", 0.6}, {"fraud", "兼职", 0.4},
      {"fraud", "日赚", 0.85}, {"fraud", "躺赚", 0.9}, {"fraud", "月入过万", 0.9}, {"fraud", "高额返利", 0.9},
      {"fraud", "代收代付", 0.95}, {"fraud", "洗钱", 0.6}, {"fraud", "四件套", 0.9}, {"fraud", "银行卡出租", 0.95},
      {"fraud", "收银行卡", 0.9}, {"fraud", "出租微信", 0.9}, {"fraud", "回款", 0.4}, {"fraud", "usdt", 0.5},
      {"fraud", "搬砖项目", 0.8}, {"fraud", "带单", 0.7}, {"fraud", "内幕消息", 0.6}, {"fraud", "稳赚", 0.8},
      {"fraud", "零投资", 0.8}, {"fraud", "免费送", 0.5}, {"fraud", "免费领取", 0.6}, {"fraud", "手机兼职", 0.9},
      {"fraud", "宝妈", 0.4}, {"fraud", "一单一结", 0.9}, {"fraud", "guaranteed profit", 0.9},
      {"fraud", "double your", 0.8}, {"fraud", "investment opportunity", 0.7}, {"fraud", "crypto signals", 0.8},
      {"fraud", "passive income", 0.6}, {"fraud", "earn $", 0.6}, {"fraud", "work from home", 0.6},
      {"fraud", "per day from home", 0.9}, {"fraud", "airdrop", 0.5}, {"fraud", "claim your", 0.7},
      {"fraud", "you have won", 0.9}, {"fraud", "you have been selected", 0.8}, {"fraud", "congratulations! you", 0.8},
      // loans
      {"loans", "网贷", 0.6}, {"loans", "下款", 0.9}, {"loans", "黑户", 0.7}, {"loans", "无视征信", 0.95},
      {"loans", "秒批", 0.8}, {"loans", "秒到", 0.5}, {"loans", "借款", 0.3}, {"loans", "贷款", 0.35},
      {"loans", "免息", 0.4}, {"loans", "额度", 0.3}, {"loans", "口子", 0.5}, {"loans", "payday loan", 0.8},
      {"loans", "loan approved", 0.8},
      // lead-out: moving the conversation somewhere we cannot see
      {"leadout", "私聊", 0.45}, {"leadout", "私信", 0.35}, {"leadout", "加我", 0.45}, {"leadout", "扫码", 0.5},
      {"leadout", "进群", 0.35}, {"leadout", "加群", 0.4}, {"leadout", "看我主页", 0.8}, {"leadout", "戳我", 0.5},
      {"leadout", "加好友", 0.45}, {"leadout", "详情咨询", 0.7}, {"leadout", "感兴趣的", 0.35}, {"leadout", "有意者", 0.8},
      {"leadout", "联系我", 0.5}, {"leadout", "dm me", 0.6}, {"leadout", "pm me", 0.6}, {"leadout", "inbox me", 0.7},
      {"leadout", "contact me", 0.5}, {"leadout", "link in bio", 0.8}, {"leadout", "check my profile", 0.8},
      {"leadout", "click the link", 0.6}, {"leadout", "whatsapp", 0.5}, {"leadout", "write me", 0.4},
      {"leadout", "в личку", 0.6}, {"leadout", "пишите в лс", 0.8}, {"leadout", "в лс", 0.5},
      // selling: commerce in a chat that is not a market
      {"selling", "低价出", 0.6}, {"selling", "出售", 0.45}, {"selling", "接单", 0.5}, {"selling", "招代理", 0.85},
      {"selling", "诚招", 0.6}, {"selling", "代理加盟", 0.85}, {"selling", "限时", 0.3}, {"selling", "秒杀", 0.35},
      {"selling", "优惠券", 0.4}, {"selling", "包邮", 0.35}, {"selling", "代练", 0.6}, {"selling", "代充", 0.7},
      {"selling", "批发", 0.4}, {"selling", "招聘", 0.3}, {"selling", "勿踢", 0.9}, {"selling", "群发", 0.5},
      {"selling", "广告位", 0.7}, {"selling", "推广", 0.35}, {"selling", "引流", 0.8}, {"selling", "涨粉", 0.8},
      {"selling", "买粉", 0.8}, {"selling", "先做后付", 0.8}, {"selling", "售后", 0.35}, {"selling", "卡网", 0.7},
      {"selling", "发卡网", 0.9}, {"selling", "小卖铺", 0.7}, {"selling", "内部", 0.25}, {"selling", "白嫖", 0.25},
      {"selling", "推荐码", 0.6}, {"selling", "邀请码", 0.45}, {"selling", "代办", 0.5}, {"selling", "办证", 0.8},
      {"selling", "free entry", 0.8}, {"selling", "txt stop", 0.8}, {"selling", "call now", 0.6},
      {"selling", "subscribe to my", 0.7}, {"selling", "check out my", 0.6}, {"selling", "please subscribe", 0.7},
      {"selling", "cash prize", 0.8}, {"selling", "limited offer", 0.6}, {"selling", "click here", 0.6},
      {"selling", "заработ", 0.5}, {"selling", "доход", 0.4},
  };
  return kTerms;
}

}  // namespace shoal
