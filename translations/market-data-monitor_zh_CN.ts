<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>DisplayText</name>
    <message>
        <source>stale</source>
        <translation>过期</translation>
    </message>
    <message>
        <source>syncing</source>
        <translation>同步中</translation>
    </message>
    <message>
        <source>synced</source>
        <translation>已同步</translation>
    </message>
    <message>
        <source>resyncing</source>
        <translation>重新同步中</translation>
    </message>
    <message>
        <source>spot</source>
        <translation>现货</translation>
    </message>
    <message>
        <source>USD-M futures</source>
        <translation>U 本位合约</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>connecting</source>
        <translation>连接中</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <source>waiting to reconnect</source>
        <translation>等待重连</translation>
    </message>
    <message>
        <source>disconnected</source>
        <translation>已断开</translation>
    </message>
    <message>
        <source>not serving</source>
        <translation>未运行</translation>
    </message>
    <message>
        <source>serving on port %1</source>
        <translation>运行于端口 %1</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1 小时</translation>
    </message>
    <message>
        <source>%1 d</source>
        <translation>%1 天</translation>
    </message>
    <message>
        <source>%1 MB</source>
        <translation>%1 MB</translation>
    </message>
    <message>
        <source>%1%</source>
        <translation>%1%</translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation>%1/秒</translation>
    </message>
</context>
<context>
    <name>md::DepthChartView</name>
    <message>
        <source>Bids</source>
        <translation>买单</translation>
    </message>
    <message>
        <source>Asks</source>
        <translation>卖单</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>价格</translation>
    </message>
    <message>
        <source>Cumulative quantity</source>
        <translation>累计数量</translation>
    </message>
</context>
<context>
    <name>md::DesktopMonitor</name>
    <message>
        <source>Show a recording instead of Binance: plays &lt;files&gt; (comma-separated) through market-data-replay on loopback. Without a file, the bundled demo recording.</source>
        <translation>显示录制数据而非币安实时数据：通过本地回环上的 market-data-replay 播放 &lt;文件&gt;（以逗号分隔）。不指定文件时播放自带的演示录制。</translation>
    </message>
    <message>
        <source>files</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Play the recording at &lt;x&gt; times its recorded speed (1).</source>
        <translation>以录制速度的 &lt;x&gt; 倍播放（默认 1）。</translation>
    </message>
    <message>
        <source>x</source>
        <translation>x</translation>
    </message>
    <message>
        <source>Show the window in &lt;language&gt; (de, ru, zh_CN, en).</source>
        <translation>以 &lt;语言&gt; 显示窗口（de、ru、zh_CN、en）。</translation>
    </message>
    <message>
        <source>language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>--%1: cannot read the recording &quot;%2&quot;</source>
        <translation>--%1：无法读取录制文件“%2”</translation>
    </message>
    <message>
        <source>--%1: &quot;%2&quot; is not a language</source>
        <translation>--%1：“%2”不是一种语言</translation>
    </message>
    <message>
        <source>Binance %1</source>
        <translation>币安 %1</translation>
    </message>
    <message>
        <source>replay of %1</source>
        <translation>回放 %1</translation>
    </message>
    <message>
        <source>Starting the replay server…</source>
        <translation>正在启动回放服务器…</translation>
    </message>
    <message>
        <source>The replay cannot go on: %1.</source>
        <translation>回放无法继续：%1。</translation>
    </message>
    <message>
        <source>The replay cannot start: %1.</source>
        <translation>回放无法启动：%1。</translation>
    </message>
    <message>
        <source>Market Data Monitor</source>
        <translation>行情数据监视器</translation>
    </message>
    <message>
        <source>--%1: must be a number from 0.01 to 1000, got &quot;%2&quot;</source>
        <translation>--%1：必须是 0.01 到 1000 之间的数，实际为“%2”</translation>
    </message>
    <message>
        <source>--%1: no recording named</source>
        <translation>--%1：未指定录制文件</translation>
    </message>
</context>
<context>
    <name>md::EngineController</name>
    <message>
        <source>the engine did not answer within %1 s</source>
        <translation>引擎在 %1 秒内没有响应</translation>
    </message>
</context>
<context>
    <name>md::EngineWorker</name>
    <message>
        <source>the engine is not running</source>
        <translation>引擎没有在运行</translation>
    </message>
    <message>
        <source>%1 is not followed</source>
        <translation>未关注 %1</translation>
    </message>
</context>
<context>
    <name>md::ExportDialog</name>
    <message>
        <source>Export snapshot</source>
        <translation>导出快照</translation>
    </message>
    <message>
        <source>&amp;Symbol:</source>
        <translation>交易对(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;Format:</source>
        <translation>格式(&amp;F)：</translation>
    </message>
    <message>
        <source>&amp;Depth:</source>
        <translation>深度(&amp;D)：</translation>
    </message>
    <message>
        <source>F&amp;ile:</source>
        <translation>文件(&amp;I)：</translation>
    </message>
    <message>
        <source>&amp;Whole book</source>
        <translation>整个订单簿(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Top</source>
        <translation>前(&amp;T)</translation>
    </message>
    <message>
        <source>levels a side</source>
        <translation>档（每侧）</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>No symbol is followed.</source>
        <translation>没有关注任何交易对。</translation>
    </message>
    <message>
        <source>%1 is not synced. A book that is not synced has no levels of the exchange&apos;s to export.</source>
        <translation>%1 未同步。未同步的订单簿没有可导出的交易所价位。</translation>
    </message>
    <message>
        <source>Choose the file to write.</source>
        <translation>请选择要写入的文件。</translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation>JSON 文件 (*.json)</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>The folder %1 does not exist.</source>
        <translation>文件夹 %1 不存在。</translation>
    </message>
    <message>
        <source>%1 is a folder; choose a file name in it.</source>
        <translation>%1 是一个文件夹；请在其中选择一个文件名。</translation>
    </message>
    <message>
        <source>%1 exists already. Replace it?</source>
        <translation>%1 已存在。要替换它吗？</translation>
    </message>
</context>
<context>
    <name>md::MainWindow</name>
    <message>
        <source>Market Data Monitor</source>
        <translation>行情数据监视器</translation>
    </message>
    <message>
        <source>Market Data Monitor — %1</source>
        <translation>行情数据监视器 — %1</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Export snapshot…</source>
        <translation>导出快照(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Depth chart</source>
        <translation>深度图(&amp;D)</translation>
    </message>
    <message>
        <source>Price &amp;ladder</source>
        <translation>价格阶梯(&amp;L)</translation>
    </message>
    <message>
        <source>Last &amp;trades</source>
        <translation>最新成交(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Process health</source>
        <translation>进程状态(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Reset layout</source>
        <translation>重置布局(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About Market Data Monitor</source>
        <translation>关于行情数据监视器(&amp;A)</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>关于 &amp;Qt</translation>
    </message>
    <message>
        <source>Process health</source>
        <translation>进程状态</translation>
    </message>
    <message>
        <source>Symbols</source>
        <translation>交易对</translation>
    </message>
    <message>
        <source>Price ladder</source>
        <translation>价格阶梯</translation>
    </message>
    <message>
        <source>Last trades</source>
        <translation>最新成交</translation>
    </message>
    <message>
        <source>Depth</source>
        <translation>深度</translation>
    </message>
    <message>
        <source>%1 depth</source>
        <translation>%1 深度</translation>
    </message>
    <message>
        <source>%1 depth (book %2)</source>
        <translation>%1 深度（订单簿%2）</translation>
    </message>
    <message>
        <source>%1 price ladder</source>
        <translation>%1 价格阶梯</translation>
    </message>
    <message>
        <source>%1 last trades</source>
        <translation>%1 最新成交</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>启动中…</translation>
    </message>
    <message>
        <source>Books synced: %1 of %2</source>
        <translation>已同步订单簿：%1 / %2</translation>
    </message>
    <message>
        <source>Messages: %1</source>
        <translation>消息：%1</translation>
    </message>
    <message>
        <source>CPU: %1</source>
        <translation>CPU：%1</translation>
    </message>
    <message>
        <source>RSS: %1</source>
        <translation>内存：%1</translation>
    </message>
    <message>
        <source>Redis: %1</source>
        <translation>Redis：%1</translation>
    </message>
    <message>
        <source>Health: %1</source>
        <translation>健康检查：%1</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Market Data Monitor %1&lt;/h3&gt;&lt;p&gt;Keeps Binance order books exactly in sync, publishes them to Redis and shows them live.&lt;/p&gt;&lt;p&gt;Built with Qt %2, running on Qt %3.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Licences.&lt;/b&gt; Qt 6 is used under the GNU LGPL version 3; Qt Charts and Qt HTTP Server under the GNU GPL version 3. simdjson: Apache License 2.0. hiredis: BSD 3-Clause. yaml-cpp: MIT. Zstandard: BSD. zlib: zlib licence.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Data.&lt;/b&gt; The bundled recordings are real Binance market data recorded by others. This product includes software developed by Bryant Moscon (http://www.bryantmoscon.com/): the cryptofeed recordings, Copyright (C) 2017-2025 Bryant Moscon. The hftbacktest recordings are under the MIT licence, Copyright (c) 2022 nkaz001. The market data itself was produced by Binance.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;行情数据监视器 %1&lt;/h3&gt;&lt;p&gt;使币安订单簿保持精确同步，发布到 Redis 并实时显示。&lt;/p&gt;&lt;p&gt;使用 Qt %2 构建，运行于 Qt %3。&lt;/p&gt;&lt;p&gt;&lt;b&gt;许可证。&lt;/b&gt;Qt 6 依据 GNU LGPL 第 3 版使用；Qt Charts 和 Qt HTTP Server 依据 GNU GPL 第 3 版使用。simdjson：Apache License 2.0。hiredis：BSD 3-Clause。yaml-cpp：MIT。Zstandard：BSD。zlib：zlib 许可证。&lt;/p&gt;&lt;p&gt;&lt;b&gt;数据。&lt;/b&gt;自带的录制文件是他人录制的真实币安行情数据。cryptofeed 录制文件版权所有 (C) 2017-2025 Bryant Moscon，其许可证要求注明：“This product includes software developed by Bryant Moscon (http://www.bryantmoscon.com/)”。hftbacktest 录制文件依据 MIT 许可证发布，版权所有 (c) 2022 nkaz001。行情数据本身由币安产生。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>About Market Data Monitor</source>
        <translation>关于行情数据监视器</translation>
    </message>
    <message>
        <source>Write one symbol&apos;s order book to a JSON or CSV file</source>
        <translation>将一个交易对的订单簿写入 JSON 或 CSV 文件</translation>
    </message>
    <message>
        <source>Exported %1, %2 bids and %3 asks, to %4</source>
        <translation>已导出 %1（%2 档买单、%3 档卖单）到 %4</translation>
    </message>
    <message>
        <source>Exporting the book of %1…</source>
        <translation>正在导出 %1 的订单簿…</translation>
    </message>
    <message>
        <source>Export snapshot</source>
        <translation>导出快照</translation>
    </message>
</context>
<context>
    <name>md::PriceLadderModel</name>
    <message>
        <source>Bid qty</source>
        <translation>买量</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>价格</translation>
    </message>
    <message>
        <source>Ask qty</source>
        <translation>卖量</translation>
    </message>
</context>
<context>
    <name>md::ProcessPanel</name>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>CPU %</source>
        <translation>CPU %</translation>
    </message>
    <message>
        <source>Resident memory, MB</source>
        <translation>常驻内存（MB）</translation>
    </message>
    <message>
        <source>Seconds ago</source>
        <translation>秒前</translation>
    </message>
    <message>
        <source>This process</source>
        <translation>本进程</translation>
    </message>
    <message>
        <source>CPU:</source>
        <translation>CPU：</translation>
    </message>
    <message>
        <source>Resident memory:</source>
        <translation>常驻内存：</translation>
    </message>
    <message>
        <source>Threads:</source>
        <translation>线程数：</translation>
    </message>
    <message>
        <source>Messages:</source>
        <translation>消息：</translation>
    </message>
    <message>
        <source>Redis:</source>
        <translation>Redis：</translation>
    </message>
    <message>
        <source>Health server:</source>
        <translation>健康检查服务：</translation>
    </message>
    <message>
        <source>&amp;Feed connections:</source>
        <translation>行情连接(&amp;F)：</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Reconnects</source>
        <translation>重连次数</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>消息数</translation>
    </message>
    <message>
        <source>CPU, %</source>
        <translation>CPU（%）</translation>
    </message>
    <message>
        <source>RSS, MB</source>
        <translation>内存（MB）</translation>
    </message>
</context>
<context>
    <name>md::ReplayLauncher</name>
    <message>
        <source>%1 was not found next to this program or on PATH</source>
        <translation>在本程序旁边和 PATH 中都找不到 %1</translation>
    </message>
    <message>
        <source>the recording %1 does not exist</source>
        <translation>录制文件 %1 不存在</translation>
    </message>
    <message>
        <source>no free port on 127.0.0.1 for the replay server</source>
        <translation>127.0.0.1 上没有可供回放服务器使用的空闲端口</translation>
    </message>
    <message>
        <source>%1 could not be started: %2</source>
        <translation>无法启动 %1：%2</translation>
    </message>
    <message>
        <source>the replay server did not answer on port %1 within %2 s</source>
        <translation>回放服务器在 %2 秒内未在端口 %1 上响应</translation>
    </message>
    <message>
        <source>the recording holds no order-book data</source>
        <translation>录制文件中没有订单簿数据</translation>
    </message>
    <message>
        <source>the recording holds no %1 order books</source>
        <translation>录制文件中没有%1订单簿</translation>
    </message>
    <message>
        <source>the replay server crashed</source>
        <translation>回放服务器崩溃</translation>
    </message>
    <message>
        <source>the replay server exited with code %1</source>
        <translation>回放服务器已退出，代码 %1</translation>
    </message>
</context>
<context>
    <name>md::SnapshotExporter</name>
    <message>
        <source>The book of %1 could not be copied.</source>
        <translation>无法复制 %1 的订单簿。</translation>
    </message>
    <message>
        <source>%1 is not synced right now, so its book has no levels of the exchange&apos;s to export. Try again once it is synced.</source>
        <translation>%1 当前未同步，因此其订单簿没有可导出的交易所价位。请在同步后重试。</translation>
    </message>
    <message>
        <source>The snapshot of %1 could not be written to %2.</source>
        <translation>无法将 %1 的快照写入 %2。</translation>
    </message>
</context>
<context>
    <name>md::SymbolTableModel</name>
    <message>
        <source>Local clock minus the exchange&apos;s event time of the last depth event. In a replay this includes the age of the recording.</source>
        <translation>本地时钟减去最近一次深度事件的交易所事件时间。回放时包含录制数据的年龄。</translation>
    </message>
    <message>
        <source>Checks of the book&apos;s best bid and ask against the exchange&apos;s bookTicker, and how many differed.</source>
        <translation>将订单簿的最优买价和卖价与交易所 bookTicker 比对的次数，以及其中不一致的次数。</translation>
    </message>
    <message>
        <source>No depth event for %1</source>
        <translation>已有 %1 没有深度事件</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>Symbol</source>
        <translation>交易对</translation>
    </message>
    <message>
        <source>Market</source>
        <translation>市场</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Last price</source>
        <translation>最新价</translation>
    </message>
    <message>
        <source>Best bid</source>
        <translation>最优买价</translation>
    </message>
    <message>
        <source>Best ask</source>
        <translation>最优卖价</translation>
    </message>
    <message>
        <source>Spread</source>
        <translation>价差</translation>
    </message>
    <message>
        <source>Updates</source>
        <translation>更新频率</translation>
    </message>
    <message>
        <source>Event lag</source>
        <translation>事件延迟</translation>
    </message>
    <message>
        <source>Gaps</source>
        <translation>缺口</translation>
    </message>
    <message>
        <source>Resyncs</source>
        <translation>重新同步</translation>
    </message>
    <message>
        <source>Audit OK</source>
        <translation>校验通过</translation>
    </message>
    <message>
        <source>Symbol</source>
        <comment>full name in the tooltip</comment>
        <translation>交易对</translation>
    </message>
    <message>
        <source>Market</source>
        <comment>full name in the tooltip</comment>
        <translation>市场</translation>
    </message>
    <message>
        <source>Book state</source>
        <comment>full name in the tooltip</comment>
        <translation>订单簿状态</translation>
    </message>
    <message>
        <source>Last trade price</source>
        <comment>full name in the tooltip</comment>
        <translation>最新成交价</translation>
    </message>
    <message>
        <source>Best bid price</source>
        <comment>full name in the tooltip</comment>
        <translation>最优买价</translation>
    </message>
    <message>
        <source>Best ask price</source>
        <comment>full name in the tooltip</comment>
        <translation>最优卖价</translation>
    </message>
    <message>
        <source>Spread</source>
        <comment>full name in the tooltip</comment>
        <translation>价差</translation>
    </message>
    <message>
        <source>Depth updates per second</source>
        <comment>full name in the tooltip</comment>
        <translation>每秒深度更新次数</translation>
    </message>
    <message>
        <source>Event lag</source>
        <comment>full name in the tooltip</comment>
        <translation>事件延迟</translation>
    </message>
    <message>
        <source>Sequence gaps</source>
        <comment>full name in the tooltip</comment>
        <translation>序列缺口</translation>
    </message>
    <message>
        <source>Resyncs</source>
        <comment>full name in the tooltip</comment>
        <translation>重新同步次数</translation>
    </message>
    <message>
        <source>bookTicker checks passed</source>
        <comment>full name in the tooltip</comment>
        <translation>通过的 bookTicker 校验</translation>
    </message>
</context>
<context>
    <name>md::TradesModel</name>
    <message>
        <source>Trade %1</source>
        <translation>成交 %1</translation>
    </message>
    <message>
        <source>sell</source>
        <translation>卖出</translation>
    </message>
    <message>
        <source>buy</source>
        <translation>买入</translation>
    </message>
    <message>
        <source>Time (UTC)</source>
        <translation>时间 (UTC)</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>价格</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Taker</source>
        <translation>主动方</translation>
    </message>
</context>
</TS>
