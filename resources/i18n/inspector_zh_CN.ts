<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AddUserDialog</name>
    <message>
        <source>New account</source>
        <translation>新建账号</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Law-enforcement certificate no.</source>
        <translation>执法证号</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Repeat the password</source>
        <translation>再次输入密码</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
</context>
<context>
    <name>AddendaBox</name>
    <message>
        <source>Addenda</source>
        <translation>补充记录</translation>
    </message>
    <message>
        <source>%1 by %2: %3 (reason: %4)</source>
        <translation>%1 %2：%3（理由：%4）</translation>
    </message>
    <message>
        <source>No addenda.</source>
        <translation>无补充记录。</translation>
    </message>
</context>
<context>
    <name>AddendumDialog</name>
    <message>
        <source>Addendum to a finalized inspection</source>
        <translation>已定稿检查的补充记录</translation>
    </message>
    <message>
        <source>The whole inspection</source>
        <translation>整个检查</translation>
    </message>
    <message>
        <source>What is corrected or added, e.g. 检查发现更正为：……</source>
        <translation>更正或补充的内容，例如：检查发现更正为：……</translation>
    </message>
    <message>
        <source>Why, e.g. 笔误；当事人补充提供了证明材料</source>
        <translation>理由，例如：笔误；当事人补充提供了证明材料</translation>
    </message>
    <message>
        <source>Recorded as %1, now.</source>
        <translation>记录人：%1，记录时间：现在。</translation>
    </message>
    <message>
        <source>Concerns</source>
        <translation>涉及</translation>
    </message>
    <message>
        <source>Correction</source>
        <translation>更正内容</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
</context>
<context>
    <name>CameraDialog</name>
    <message>
        <source>Camera</source>
        <translation>相机</translation>
    </message>
    <message>
        <source>Take photo</source>
        <translation>拍照</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>The camera is not ready yet.</source>
        <translation>相机尚未就绪。</translation>
    </message>
    <message numerus="yes">
        <source>%n photo(s) taken</source>
        <translation>
            <numerusform>已拍摄 %n 张照片</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not take the photo: %1</source>
        <translation>拍照失败：%1</translation>
    </message>
    <message>
        <source>The camera cannot be used: %1</source>
        <translation>无法使用相机：%1</translation>
    </message>
</context>
<context>
    <name>CaseDocumentsTab</name>
    <message>
        <source>Issue the correction of %1 now? It gets a new number and names the voided one.</source>
        <translation>现在出具 %1 的更正文书吗？更正文书使用新的文号，并注明所取代的已作废文书。</translation>
    </message>
    <message>
        <source>Void (作废)</source>
        <translation>已作废</translation>
    </message>
    <message>
        <source>Issue a document</source>
        <translation>出具文书</translation>
    </message>
    <message>
        <source>Issue the %1 %2 for this case now? An issued document no longer changes.</source>
        <translation>现在为本案出具%1（%2）吗？文书出具后不能再修改。</translation>
    </message>
    <message>
        <source>No interview waits for its 询问笔录.</source>
        <translation>没有待出具询问笔录的询问记录。</translation>
    </message>
    <message>
        <source>Your role may not issue documents.</source>
        <translation>您的角色不能出具文书。</translation>
    </message>
    <message>
        <source>Issue:</source>
        <translation>出具：</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Transfer letter…</source>
        <translation>案件移送书…</translation>
    </message>
    <message>
        <source>Decision on kept items…</source>
        <translation>先行登记保存处理决定书…</translation>
    </message>
    <message>
        <source>Case report…</source>
        <translation>立案报告…</translation>
    </message>
    <message>
        <source>Interview record…</source>
        <translation>询问笔录…</translation>
    </message>
    <message>
        <source>Preservation decision…</source>
        <translation>证据先行登记保存决定书…</translation>
    </message>
    <message>
        <source>Served</source>
        <translation>送达</translation>
    </message>
    <message>
        <source>Issued by</source>
        <translation>出具人</translation>
    </message>
    <message>
        <source>Issued</source>
        <translation>出具时间</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>文书</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>文号</translation>
    </message>
    <message>
        <source>(no name yet)</source>
        <translation>（尚未填写姓名）</translation>
    </message>
</context>
<context>
    <name>CaseLinks</name>
    <message>
        <source>Propose the case now?</source>
        <translation>现在提请立案吗？</translation>
    </message>
    <message>
        <source>Serious findings</source>
        <translation>发现严重问题</translation>
    </message>
    <message>
        <source>立案…</source>
        <translation>立案…</translation>
    </message>
    <message>
        <source>Case…</source>
        <translation>案件…</translation>
    </message>
</context>
<context>
    <name>CaseSettingsTab</name>
    <message>
        <source>A case is transferred to the police for a suspected crime (刑法 第三百三十六条) and to the drug regulator for drug sales; the 案件移送书 names the body given here.</source>
        <translation>涉嫌犯罪的案件移送公安机关（刑法第三百三十六条），药品违法案件移送药品监督管理部门；案件移送书写明此处填写的受移送机关名称。</translation>
    </message>
    <message>
        <source>Drug regulator (药品监督管理部门)</source>
        <translation>药品监督管理部门</translation>
    </message>
    <message>
        <source>Police (公安机关)</source>
        <translation>公安机关</translation>
    </message>
</context>
<context>
    <name>CaseViewWidget</name>
    <message>
        <source>Documents (文书)</source>
        <translation>文书</translation>
    </message>
    <message>
        <source>Decision for every undecided item</source>
        <translation>对全部未处理物品的决定</translation>
    </message>
    <message>
        <source>Decide on the kept items</source>
        <translation>对登记保存物品作出处理决定</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结案情况</translation>
    </message>
    <message>
        <source>Close the case (结案)</source>
        <translation>结案</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>处理结果</translation>
    </message>
    <message>
        <source>Record the office&apos;s decision (作出处理)</source>
        <translation>记录本机关的处理结果</translation>
    </message>
    <message>
        <source>Receiving body</source>
        <translation>受移送机关</translation>
    </message>
    <message>
        <source>Transfer the case (移送)</source>
        <translation>移送案件</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>No case (不予立案)</source>
        <translation>不予立案</translation>
    </message>
    <message>
        <source>Approval (审批意见)</source>
        <translation>审批意见</translation>
    </message>
    <message>
        <source>Approve the case (立案)</source>
        <translation>批准立案</translation>
    </message>
    <message>
        <source>Kept items: decide by %1.</source>
        <translation>登记保存物品应于 %1 前作出处理决定。</translation>
    </message>
    <message>
        <source>Kept items undecided after 7 days (due %1).</source>
        <translation>登记保存物品超过 7 日未作出处理决定（应于 %1 前）。</translation>
    </message>
    <message>
        <source>立案 more than 7 days after the discovery (due %1).</source>
        <translation>立案距发现已超过 7 日（应于 %1 前立案）。</translation>
    </message>
    <message>
        <source>Decision: %1</source>
        <translation>处理结果：%1</translation>
    </message>
    <message>
        <source>Transferred to %1 (%2): %3</source>
        <translation>已移送%1（%2）：%3</translation>
    </message>
    <message>
        <source>Discovered %1; 立案 due %2; approved %3</source>
        <translation>发现时间 %1；应于 %2 前立案；立案审批 %3</translation>
    </message>
    <message>
        <source>Officers: %1</source>
        <translation>承办人：%1</translation>
    </message>
    <message>
        <source>Source: %1; place: %2</source>
        <translation>案件来源：%1；所在地：%2</translation>
    </message>
    <message>
        <source>Party: %1 %2 %3 %4</source>
        <translation>当事人：%1 %2 %3 %4</translation>
    </message>
    <message>
        <source>Inspections</source>
        <translation>检查</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>案件经过</translation>
    </message>
    <message>
        <source>Interviews (询问笔录)</source>
        <translation>询问笔录</translation>
    </message>
    <message>
        <source>Kept items (物品清单)</source>
        <translation>先行登记保存物品清单</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>By</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>变更</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Close (结案)…</source>
        <translation>结案…</translation>
    </message>
    <message>
        <source>Decide on kept items…</source>
        <translation>对登记保存物品作出处理决定…</translation>
    </message>
    <message>
        <source>Record the decision…</source>
        <translation>记录处理结果…</translation>
    </message>
    <message>
        <source>Transfer (移送)…</source>
        <translation>移送…</translation>
    </message>
    <message>
        <source>No case (不予立案)…</source>
        <translation>不予立案…</translation>
    </message>
    <message>
        <source>Approve (立案)…</source>
        <translation>批准立案…</translation>
    </message>
    <message>
        <source>Correct the proposal…</source>
        <translation>修改立案申请…</translation>
    </message>
    <message>
        <source>◀ Back to the cases</source>
        <translation>◀ 返回案件列表</translation>
    </message>
</context>
<context>
    <name>CasesListPage</name>
    <message>
        <source>%1 finalized inspection(s) call for a case and have none yet:</source>
        <translation>%1 次已定稿的检查发现应当立案的问题，尚未提请立案：</translation>
    </message>
    <message>
        <source>%1 shown; %2 open, %3 awaiting approval, %4 late.</source>
        <translation>显示 %1 件；未结案 %2 件，待立案 %3 件，逾期 %4 件。</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>立案…</source>
        <translation>立案…</translation>
    </message>
    <message>
        <source>Interviews</source>
        <translation>询问笔录</translation>
    </message>
    <message>
        <source>Decide by</source>
        <translation>处理期限</translation>
    </message>
    <message>
        <source>Kept items</source>
        <translation>未处理/登记保存物品</translation>
    </message>
    <message>
        <source>立案 due</source>
        <translation>立案期限</translation>
    </message>
    <message>
        <source>Discovered</source>
        <translation>发现日期</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>所在地</translation>
    </message>
    <message>
        <source>Party</source>
        <translation>当事人</translation>
    </message>
    <message>
        <source>Cause</source>
        <translation>案由</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Red: late (立案 or the decision on kept items). Amber: due soon.</source>
        <translation>红色：逾期（立案或登记保存物品处理决定）。橙色：即将到期。</translation>
    </message>
    <message>
        <source>All cases</source>
        <translation>全部案件</translation>
    </message>
    <message>
        <source>Open cases</source>
        <translation>未结案案件</translation>
    </message>
</context>
<context>
    <name>CertFormatEditor</name>
    <message>
        <source>letters</source>
        <translation>字母</translation>
    </message>
    <message>
        <source>Chinese characters</source>
        <translation>汉字</translation>
    </message>
    <message>
        <source>brackets and dashes</source>
        <translation>括号和连字符</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>characters;</source>
        <translation>个字符；</translation>
    </message>
    <message>
        <source>besides digits:</source>
        <translation>除数字外还可含：</translation>
    </message>
    <message>
        <source>A 执法证号 has %1.</source>
        <translation>执法证号应为%1。</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <source>Change my password</source>
        <translation>修改我的密码</translation>
    </message>
    <message>
        <source>Current password</source>
        <translation>当前密码</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>新密码</translation>
    </message>
    <message>
        <source>Repeat the new password</source>
        <translation>再次输入新密码</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
</context>
<context>
    <name>ChecklistOutline</name>
    <message numerus="yes">
        <source>%n of %1 required items answered</source>
        <translation>
            <numerusform>必查项已完成 %n/%1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <source>Show</source>
        <translation>统计</translation>
    </message>
    <message>
        <source>Export to Excel…</source>
        <translation>导出 Excel…</translation>
    </message>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>No data in this period.</source>
        <translation>该期间没有数据。</translation>
    </message>
    <message>
        <source>Export statistics</source>
        <translation>导出统计</translation>
    </message>
    <message>
        <source>Written to %1.</source>
        <translation>已写入 %1。</translation>
    </message>
</context>
<context>
    <name>DocumentsModel</name>
    <message>
        <source>VOID %1</source>
        <translation>作废 %1</translation>
    </message>
    <message>
        <source>Voided by %1: %2</source>
        <translation>%1 作废：%2</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>文号</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>文书</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>被检查单位</translation>
    </message>
    <message>
        <source>Issued</source>
        <translation>出具时间</translation>
    </message>
    <message>
        <source>Issued by</source>
        <translation>出具人</translation>
    </message>
    <message>
        <source>Served</source>
        <translation>送达</translation>
    </message>
    <message>
        <source>Not served</source>
        <translation>未送达</translation>
    </message>
</context>
<context>
    <name>DocumentsPage</name>
    <message>
        <source>Void…</source>
        <translation>作废…</translation>
    </message>
    <message>
        <source>Issue correction…</source>
        <translation>出具更正文书…</translation>
    </message>
    <message>
        <source>Void document</source>
        <translation>作废文书</translation>
    </message>
    <message>
        <source>Why is %1 voided? The reason is recorded with your name and the time.</source>
        <translation>%1 为何作废？作废原因将与您的姓名和时间一并记录。</translation>
    </message>
    <message>
        <source>All documents</source>
        <translation>全部文书</translation>
    </message>
    <message>
        <source>Served or not</source>
        <translation>送达状态不限</translation>
    </message>
    <message>
        <source>Not served</source>
        <translation>未送达</translation>
    </message>
    <message>
        <source>Served</source>
        <translation>已送达</translation>
    </message>
    <message>
        <source>Search site or number…</source>
        <translation>搜索单位名称或文号…</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>打开所在文件夹</translation>
    </message>
    <message>
        <source>Mark served</source>
        <translation>登记送达</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message numerus="yes">
        <source>%n document(s)</source>
        <translation>
            <numerusform>共 %n 份文书</numerusform>
        </translation>
    </message>
    <message>
        <source>Record that %1 (%2) was handed to %3 now?</source>
        <translation>确认%1（%2）此时已送达%3？</translation>
    </message>
</context>
<context>
    <name>EvidenceEditor</name>
    <message>
        <source>Due / decided</source>
        <translation>处理期限/决定日期</translation>
    </message>
    <message>
        <source>(unnamed)</source>
        <translation>（未命名）</translation>
    </message>
    <message>
        <source>Remove “%1” from the list?</source>
        <translation>从清单中删除“%1”？</translation>
    </message>
    <message>
        <source>%1; decide by %2</source>
        <translation>%1；应于 %2 前作出处理决定</translation>
    </message>
    <message>
        <source>Photos showing it</source>
        <translation>物品照片</translation>
    </message>
    <message>
        <source>Kept</source>
        <translation>登记保存时间</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Kept at</source>
        <translation>存放地点</translation>
    </message>
    <message>
        <source>Condition</source>
        <translation>状况</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Brand</source>
        <translation>品牌</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Remove item</source>
        <translation>删除物品</translation>
    </message>
    <message>
        <source>Add item (Ctrl+Return)</source>
        <translation>添加物品 (Ctrl+Return)</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>处理决定</translation>
    </message>
    <message>
        <source>Qty</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Serial no.</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>型号</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>物品名称</translation>
    </message>
</context>
<context>
    <name>ExchangeKeysPage</name>
    <message>
        <source>Export this computer&apos;s key…</source>
        <translation>导出本机密钥…</translation>
    </message>
    <message>
        <source>Computer</source>
        <translation>电脑</translation>
    </message>
    <message>
        <source>Fingerprint</source>
        <translation>指纹</translation>
    </message>
    <message>
        <source>Enrolled</source>
        <translation>登记</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Enrol a key from a file…</source>
        <translation>从文件登记密钥…</translation>
    </message>
    <message>
        <source>Revoke</source>
        <translation>吊销</translation>
    </message>
    <message>
        <source>Packages are imported only when signed by a computer enrolled here. Enrol a laptop from the key file it exported, and compare the fingerprint shown on both computers before trusting it. Enrolling and revoking are for office staff and administrators.</source>
        <translation>只有由在本处登记过的电脑签名的数据包才会被导入。请用笔记本电脑导出的密钥文件登记它，并在信任之前核对两台电脑上显示的指纹。登记和吊销由办公室人员或管理员操作。</translation>
    </message>
    <message>
        <source>This computer&apos;s key: %1</source>
        <translation>本机密钥：%1</translation>
    </message>
    <message>
        <source>Key exported</source>
        <translation>密钥已导出</translation>
    </message>
    <message>
        <source>The public key was written to %1. Its fingerprint: %2</source>
        <translation>公钥已写入 %1。其指纹：%2</translation>
    </message>
    <message>
        <source>Refuse every package signed by “%1” from now on? This cannot be undone.</source>
        <translation>今后拒收由“%1”签名的所有数据包？此操作不能撤销。</translation>
    </message>
    <message>
        <source>Export this computer&apos;s key</source>
        <translation>导出本机密钥</translation>
    </message>
    <message>
        <source>Key files (*.json)</source>
        <translation>密钥文件 (*.json)</translation>
    </message>
    <message>
        <source>Choose the other computer&apos;s key file</source>
        <translation>选择另一台电脑的密钥文件</translation>
    </message>
    <message>
        <source>Key files (*.json);;All files (*)</source>
        <translation>密钥文件 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Enrol</source>
        <translation>登记</translation>
    </message>
    <message>
        <source>Name of that computer (e.g. 笔记本3):</source>
        <translation>那台电脑的名称（例如 笔记本3）：</translation>
    </message>
</context>
<context>
    <name>FinalizeDialog</name>
    <message>
        <source>For the on-site record (现场检查笔录)</source>
        <translation>现场检查笔录所需信息</translation>
    </message>
    <message>
        <source>The party refused to sign</source>
        <translation>当事人拒绝签名</translation>
    </message>
    <message>
        <source>ID number or workplace</source>
        <translation>身份证号或工作单位</translation>
    </message>
    <message>
        <source>Position</source>
        <translation>职务</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>witness</source>
        <translation>见证人</translation>
    </message>
    <message>
        <source>Person in charge present</source>
        <translation>现场负责人</translation>
    </message>
    <message>
        <source>ID number (unlicensed site)</source>
        <translation>身份证号（无证场所必填）</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>Recusal (回避)</source>
        <translation>回避</translation>
    </message>
    <message>
        <source>Signing</source>
        <translation>签名</translation>
    </message>
    <message>
        <source>Finalize the inspection</source>
        <translation>检查定稿</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;: %2 compliant, %3 non-compliant (%4 serious), %5 not applicable, %6 recorded.</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;：合格 %2 项，不合格 %3 项（其中严重 %4 项），不适用 %5 项，记录 %6 项。</translation>
    </message>
    <message>
        <source>Inspection ended at</source>
        <translation>检查结束时间</translation>
    </message>
    <message>
        <source>After finalizing, the record is locked and cannot be changed; corrections are added as addenda that record who, when and why.</source>
        <translation>定稿后检查记录即锁定，不能再修改；如需更正，须添加补充记录，载明更正人、时间和理由。</translation>
    </message>
    <message>
        <source>Finalize and lock</source>
        <translation>确认定稿并锁定</translation>
    </message>
    <message>
        <source>Non-compliant items, serious first:</source>
        <translation>不合格项（严重问题在前）：</translation>
    </message>
    <message>
        <source>No non-compliant items.</source>
        <translation>无不合格项。</translation>
    </message>
    <message>
        <source>Finding:</source>
        <translation>检查发现：</translation>
    </message>
    <message>
        <source>The end time is before the start time.</source>
        <translation>结束时间早于开始时间。</translation>
    </message>
    <message>
        <source>The end time is in the future.</source>
        <translation>结束时间晚于当前时间。</translation>
    </message>
</context>
<context>
    <name>FindItemDialog</name>
    <message>
        <source>Find an item</source>
        <translation>查找检查项</translation>
    </message>
    <message>
        <source>Code or words, e.g. US-05 or 登记</source>
        <translation>编号或关键词，例如 US-05 或 登记</translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) found</source>
        <translation>
            <numerusform>找到 %n 个检查项</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FirstAdminDialog</name>
    <message>
        <source>Create the administrator account</source>
        <translation>创建管理员账号</translation>
    </message>
    <message>
        <source>This database has no administrator yet. Create the account that will manage the other accounts. Keep its password safe: it is needed to add inspectors and to reset passwords.</source>
        <translation>本数据库还没有管理员。请创建用于管理其他账号的管理员账号，并妥善保管密码：添加检查人员和重置密码都需要它。</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Repeat the password</source>
        <translation>再次输入密码</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
</context>
<context>
    <name>FollowupPage</name>
    <message>
        <source>Supervisor board</source>
        <translation>督办看板</translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation>统计分析</translation>
    </message>
</context>
<context>
    <name>HistoryDialog</name>
    <message>
        <source>The re-inspection found the findings not corrected: decide on a case (立案) or a transfer (移送) and say why in the note.</source>
        <translation>复查发现问题仍未改正：请决定立案查处或移送，并在说明中写明理由。</translation>
    </message>
    <message>
        <source>Rectification history</source>
        <translation>整改处理记录</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>检查项</translation>
    </message>
    <message>
        <source>Finding</source>
        <translation>发现的问题</translation>
    </message>
    <message>
        <source>Correction demanded</source>
        <translation>整改要求</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>变更</translation>
    </message>
    <message>
        <source>By</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Note (kept in the history; required to escalate)</source>
        <translation>说明（记入处理记录；立案/移送时必填）</translation>
    </message>
    <message>
        <source>Record service (签收)</source>
        <translation>登记签收</translation>
    </message>
    <message>
        <source>Change deadline</source>
        <translation>变更整改期限</translation>
    </message>
    <message>
        <source>Start re-inspection</source>
        <translation>开始复查</translation>
    </message>
    <message>
        <source>Issue re-inspection opinion (复查意见书)</source>
        <translation>出具复查意见书</translation>
    </message>
    <message>
        <source>Close the rectification (结案)</source>
        <translation>结案</translation>
    </message>
    <message>
        <source>Escalate</source>
        <translation>立案/移送</translation>
    </message>
    <message>
        <source>Next step</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>Served on</source>
        <translation>签收日期</translation>
    </message>
    <message>
        <source>Re-inspect with</source>
        <translation>复查人员</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>处理决定</translation>
    </message>
    <message>
        <source>New deadline</source>
        <translation>新的整改期限</translation>
    </message>
    <message>
        <source>Items to correct</source>
        <translation>整改事项</translation>
    </message>
    <message>
        <source>History</source>
        <translation>处理记录</translation>
    </message>
    <message>
        <source>Status: %1; deadline %2; notice %3</source>
        <translation>状态：%1；整改期限 %2；意见书 %3</translation>
    </message>
    <message>
        <source>Result: %1</source>
        <translation>复查结果：%1</translation>
    </message>
    <message>
        <source>Only a supervisor can close or escalate a rectification.</source>
        <translation>只有科室负责人（督办人员）可以结案或立案/移送。</translation>
    </message>
    <message>
        <source>A re-inspection is in progress; finalize it, then issue the re-inspection opinion.</source>
        <translation>复查正在进行中；请完成（定稿）后出具复查意见书。</translation>
    </message>
    <message>
        <source>Close the rectification of %1? It is then finished: nothing more can be recorded on it.</source>
        <translation>确定对%1的整改结案吗？结案后即告终结，不能再登记任何内容。</translation>
    </message>
</context>
<context>
    <name>ImportProgress</name>
    <message>
        <source>Importing photos</source>
        <translation>正在导入照片</translation>
    </message>
    <message>
        <source>Preparing…</source>
        <translation>正在准备…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Importing %1 (%2 of %3)…</source>
        <translation>正在导入 %1（第 %2 个，共 %3 个）…</translation>
    </message>
    <message>
        <source>Cancelling after the current photo…</source>
        <translation>当前照片导入完成后取消…</translation>
    </message>
</context>
<context>
    <name>InspectionHeader</name>
    <message>
        <source>Supplementary record…</source>
        <translation>补充笔录…</translation>
    </message>
    <message>
        <source>%1 addendum(s) made after the on-site record was issued</source>
        <translation>现场检查笔录出具后有 %1 条补充记录</translation>
    </message>
    <message>
        <source>The on-site record was already issued, so the addendum is in no document yet. Issue a supplementary record (补充笔录) with it now?</source>
        <translation>现场检查笔录已出具，这条补充记录尚未载入任何文书。现在出具补充笔录吗？</translation>
    </message>
    <message>
        <source>Find item (Ctrl+F)</source>
        <translation>查找检查项 (Ctrl+F)</translation>
    </message>
    <message>
        <source>Finalize…</source>
        <translation>定稿…</translation>
    </message>
    <message>
        <source>Add addendum…</source>
        <translation>添加补充记录…</translation>
    </message>
    <message>
        <source>On-site record…</source>
        <translation>现场笔录…</translation>
    </message>
    <message>
        <source>Notice…</source>
        <translation>意见书…</translation>
    </message>
    <message>
        <source>%1, version %2</source>
        <translation>%1（第 %2 版）</translation>
    </message>
    <message>
        <source>started %1</source>
        <translation>开始于 %1</translation>
    </message>
    <message>
        <source>inspectors: %1</source>
        <translation>执法人员：%1</translation>
    </message>
    <message>
        <source>present: %1</source>
        <translation>在场人员：%1</translation>
    </message>
    <message>
        <source>Finalized on %1 and locked. Corrections are added as addenda.</source>
        <translation>已于 %1 定稿并锁定。如需更正，请添加补充记录。</translation>
    </message>
    <message>
        <source>Re-inspection opinion…</source>
        <translation>复查意见书…</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <source>Nothing answered yet</source>
        <translation>尚未填写</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>未保存：%1</translation>
    </message>
</context>
<context>
    <name>InspectionPage</name>
    <message>
        <source>Supplementary record</source>
        <translation>补充笔录</translation>
    </message>
    <message>
        <source>◀ Previous (PgUp)</source>
        <translation>◀ 上一项 (PgUp)</translation>
    </message>
    <message>
        <source>Next (Enter / PgDn) ▶</source>
        <translation>下一项 (Enter / PgDn) ▶</translation>
    </message>
    <message>
        <source>Item %1 of %2</source>
        <translation>第 %1 项，共 %2 项</translation>
    </message>
    <message>
        <source>This is the last item. When everything is answered, finalize.</source>
        <translation>已是最后一项。全部填写完毕后，请定稿。</translation>
    </message>
    <message>
        <source>The inspection cannot be finalized yet</source>
        <translation>检查尚不能定稿</translation>
    </message>
    <message>
        <source>Answer or complete these items first:</source>
        <translation>请先填写或补全以下检查项：</translation>
    </message>
    <message>
        <source>A change could not be saved; see the message at the top right and try again.</source>
        <translation>有修改未能保存，请查看右上角的提示后重试。</translation>
    </message>
</context>
<context>
    <name>InspectionsModel</name>
    <message>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>场所</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>场所类型</translation>
    </message>
    <message>
        <source>District</source>
        <translation>辖区</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Non-compliant</source>
        <translation>不合格</translation>
    </message>
</context>
<context>
    <name>InspectionsPage</name>
    <message>
        <source>Search by site…</source>
        <translation>按场所搜索…</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message numerus="yes">
        <source>%n inspection(s)</source>
        <translation>
            <numerusform>%n 次检查</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>InterviewEditor</name>
    <message>
        <source>(no name yet)</source>
        <translation>（尚未填写姓名）</translation>
    </message>
    <message>
        <source>Officers</source>
        <translation>询问人</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>询问时间</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Relation to the case</source>
        <translation>与本案关系</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>询问地点</translation>
    </message>
    <message>
        <source>Work unit and post</source>
        <translation>工作单位及职务</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>住址</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <source>Sex</source>
        <translation>性别</translation>
    </message>
    <message>
        <source>ID number (身份证号)</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>Person questioned</source>
        <translation>被询问人</translation>
    </message>
    <message>
        <source>Add question (Ctrl+Return)</source>
        <translation>添加问答 (Ctrl+Return)</translation>
    </message>
    <message>
        <source>New interview (Ctrl+I)</source>
        <translation>新建询问笔录 (Ctrl+I)</translation>
    </message>
</context>
<context>
    <name>IssueDialog</name>
    <message>
        <source>Your role may not issue this document; ask a colleague who may.</source>
        <translation>您的角色无权出具此文书，请由有权限的同事出具。</translation>
    </message>
    <message>
        <source>Issue %1</source>
        <translation>出具%1</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>检查项目</translation>
    </message>
    <message>
        <source>Finding</source>
        <translation>发现的问题</translation>
    </message>
    <message>
        <source>Correction demanded</source>
        <translation>责令改正意见</translation>
    </message>
    <message>
        <source>Deadline (days)</source>
        <translation>改正期限（天）</translation>
    </message>
    <message>
        <source>Edit the correction and the deadline of each finding before issuing; 0 days means correct immediately.</source>
        <translation>出具前可修改每个问题的改正意见和期限；0 天表示立即改正。</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>Issue</source>
        <translation>出具</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>打开所在文件夹</translation>
    </message>
    <message>
        <source>Open in Word</source>
        <translation>用 Word 打开</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <source>Issued as %1 on %2.</source>
        <translation>已于 %2 出具，文号 %1。</translation>
    </message>
    <message>
        <source>Issuing allocates the next number, now %1.</source>
        <translation>出具时分配下一个文号，目前为 %1。</translation>
    </message>
    <message>
        <source>%1 page(s).</source>
        <translation>共 %1 页。</translation>
    </message>
    <message>
        <source>The document was opened in your word processor for viewing.</source>
        <translation>已在文字处理软件中打开该文书供查看。</translation>
    </message>
    <message>
        <source>Issue the %1 now? It gets the next number and can no longer be changed.</source>
        <translation>现在出具%1吗？出具后将分配文号，且不能再修改。</translation>
    </message>
    <message>
        <source>Issue document</source>
        <translation>出具文书</translation>
    </message>
    <message>
        <source>Issued %1: %2</source>
        <translation>已出具 %1：%2</translation>
    </message>
    <message>
        <source>Print it from your word processor.</source>
        <translation>请在文字处理软件中打印。</translation>
    </message>
    <message>
        <source>Sent to the printer.</source>
        <translation>已发送到打印机。</translation>
    </message>
    <message>
        <source>Please wait until the current step is done.</source>
        <translation>请等待当前步骤完成。</translation>
    </message>
</context>
<context>
    <name>ItemView</name>
    <message>
        <source>Legal basis… (Ctrl+L)</source>
        <translation>法律依据… (Ctrl+L)</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>检查结果</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>填写内容</translation>
    </message>
    <message>
        <source>Finding (what was seen, where, how many)</source>
        <translation>检查发现（看到了什么、在何处、数量）</translation>
    </message>
    <message>
        <source>Objective facts only, e.g. 诊室内间发现便携式B超机1台（无铭牌）。</source>
        <translation>只记录客观事实，例如：诊室内间发现便携式B超机1台（无铭牌）。</translation>
    </message>
    <message>
        <source>Correction demanded</source>
        <translation>责令改正意见</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <source>Deadline for correction</source>
        <translation>改正期限</translation>
    </message>
    <message>
        <source>Evidence photos</source>
        <translation>取证照片</translation>
    </message>
    <message>
        <source>How to check: %1</source>
        <translation>检查方法：%1</translation>
    </message>
    <message>
        <source>Photograph: %1</source>
        <translation>拍照取证：%1</translation>
    </message>
    <message>
        <source> (required when non-compliant)</source>
        <translation>（不合格时必须拍照）</translation>
    </message>
    <message>
        <source>Judgement (optional)</source>
        <translation>判定（可选）</translation>
    </message>
    <message>
        <source>(choose)</source>
        <translation>（请选择）</translation>
    </message>
    <message>
        <source>YYYY-MM-DD</source>
        <translation>年-月-日，如 2026-12-31</translation>
    </message>
    <message>
        <source>a number</source>
        <translation>数字</translation>
    </message>
    <message>
        <source>A non-compliant item needs a finding: describe what was seen. The inspection cannot be finalized without it.</source>
        <translation>不合格项须填写检查发现，写明看到的情况；未填写则检查不能定稿。</translation>
    </message>
    <message>
        <source>Too long: at most %1 characters.</source>
        <translation>内容过长：最多 %1 个字符。</translation>
    </message>
    <message>
        <source>Finding (required: what was seen, where, how many)</source>
        <translation>检查发现（必填：看到了什么、在何处、数量）</translation>
    </message>
    <message>
        <source>Evidence required: add at least one photo of this item (drop files here or use Add photos). The inspection cannot be finalized without it.</source>
        <translation>需要取证：请为本项至少添加一张照片（可将文件拖到此处，或点击“添加照片”）；否则检查不能定稿。</translation>
    </message>
    <message numerus="yes">
        <source>%n photo(s). A photo is required if the item is non-compliant.</source>
        <translation>
            <numerusform>%n 张照片。不合格时须有照片。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n photo(s).</source>
        <translation>
            <numerusform>%n 张照片。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>KeptDuePanel</name>
    <message>
        <source>%1 (overdue)</source>
        <translation>%1（已逾期）</translation>
    </message>
    <message>
        <source>Kept</source>
        <translation>登记保存日期</translation>
    </message>
    <message>
        <source>Undecided</source>
        <translation>未处理件数</translation>
    </message>
    <message>
        <source>Party</source>
        <translation>当事人</translation>
    </message>
    <message>
        <source>Cause</source>
        <translation>案由</translation>
    </message>
    <message>
        <source>Decide by</source>
        <translation>处理期限</translation>
    </message>
    <message>
        <source>Kept evidence awaiting a decision (7 days, 行政处罚法 第五十六条)</source>
        <translation>待作出处理决定的先行登记保存物品（7 日，行政处罚法第五十六条）</translation>
    </message>
</context>
<context>
    <name>LegalBasisDialog</name>
    <message>
        <source>Legal basis of %1</source>
        <translation>%1 的法律依据</translation>
    </message>
    <message>
        <source>No legal basis is given for this item.</source>
        <translation>本检查项未列明法律依据。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Re-inspection: not corrected</source>
        <translation>复查：未改正</translation>
    </message>
    <message>
        <source>Open the rectification now to decide?</source>
        <translation>现在打开该整改作出决定吗？</translation>
    </message>
    <message>
        <source>Opening the database…</source>
        <translation>正在打开数据库…</translation>
    </message>
    <message>
        <source>Inspector (关爱女孩 field inspections)</source>
        <translation>关爱女孩“两非”现场检查</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>Data: %1</source>
        <translation>数据：%1</translation>
    </message>
    <message>
        <source>Actions</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>New inspection</source>
        <translation>新建检查</translation>
    </message>
    <message>
        <source>New site</source>
        <translation>新增场所</translation>
    </message>
    <message>
        <source>Import sites…</source>
        <translation>导入场所…</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>设置…</translation>
    </message>
    <message>
        <source>Switch user…</source>
        <translation>切换用户…</translation>
    </message>
    <message>
        <source>Change my password…</source>
        <translation>修改密码…</translation>
    </message>
    <message>
        <source>Sites</source>
        <translation>场所</translation>
    </message>
    <message>
        <source>Inspections</source>
        <translation>检查</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>文书</translation>
    </message>
    <message>
        <source>Follow-up</source>
        <translation>整改跟踪</translation>
    </message>
    <message>
        <source>system account</source>
        <translation>系统账户</translation>
    </message>
    <message>
        <source>Signed in: %1</source>
        <translation>当前用户：%1</translation>
    </message>
    <message>
        <source>◀ Back to the list</source>
        <translation>◀ 返回列表</translation>
    </message>
    <message>
        <source>Cases</source>
        <translation>案件</translation>
    </message>
</context>
<context>
    <name>NewInspectionDialog</name>
    <message>
        <source>required before the record is issued: name</source>
        <translation>出具笔录前必填：姓名</translation>
    </message>
    <message>
        <source>Registered legal representative: %1</source>
        <translation>登记的法定代表人：%1</translation>
    </message>
    <message>
        <source>New inspection</source>
        <translation>新建检查</translation>
    </message>
    <message>
        <source>Type part of the name, address or licence no.</source>
        <translation>输入名称、地址或许可证号的一部分</translation>
    </message>
    <message>
        <source>New unlicensed site…</source>
        <translation>新增无证场所…</translation>
    </message>
    <message>
        <source>%1 (version %2)</source>
        <translation>%1（第 %2 版）</translation>
    </message>
    <message>
        <source>Add another inspector</source>
        <translation>增加执法人员</translation>
    </message>
    <message>
        <source>person in charge</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>others accompanying the inspection, separated by 、</source>
        <translation>其他陪同人员，用“、”分隔</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>场所</translation>
    </message>
    <message>
        <source>Checklist</source>
        <translation>检查表</translation>
    </message>
    <message>
        <source>Inspectors</source>
        <translation>执法人员</translation>
    </message>
    <message>
        <source>Started at</source>
        <translation>检查开始时间</translation>
    </message>
    <message>
        <source>Position</source>
        <translation>职务</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Present for the site</source>
        <translation>被检查方在场人</translation>
    </message>
    <message>
        <source>Accompanied by</source>
        <translation>陪同人员</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>检查地点</translation>
    </message>
    <message>
        <source>Start inspection</source>
        <translation>开始检查</translation>
    </message>
    <message>
        <source>Chosen: &lt;b&gt;%1&lt;/b&gt; · %2 · %3</source>
        <translation>已选：&lt;b&gt;%1&lt;/b&gt; · %2 · %3</translation>
    </message>
    <message>
        <source>(choose an inspector)</source>
        <translation>（请选择执法人员）</translation>
    </message>
    <message>
        <source>Choose the site to inspect, or add it as a new unlicensed site.</source>
        <translation>请选择被检查场所，或将其新增为无证场所。</translation>
    </message>
    <message>
        <source>Choose a checklist.</source>
        <translation>请选择检查表。</translation>
    </message>
    <message>
        <source> (designated: %1)</source>
        <translation>（定点：%1）</translation>
    </message>
</context>
<context>
    <name>OriginalFindingPanel</name>
    <message>
        <source>Original finding</source>
        <translation>原检查发现的问题</translation>
    </message>
    <message>
        <source>Show or hide what the first inspection found</source>
        <translation>显示或隐藏首次检查发现的问题</translation>
    </message>
    <message>
        <source>(no finding written)</source>
        <translation>（未填写问题描述）</translation>
    </message>
    <message>
        <source>Correction demanded: %1</source>
        <translation>责令改正：%1</translation>
    </message>
    <message>
        <source>to be corrected by %1</source>
        <translation>整改期限至 %1</translation>
    </message>
    <message>
        <source>notice %1</source>
        <translation>文书 %1</translation>
    </message>
</context>
<context>
    <name>PagePreview</name>
    <message>
        <source>Press Preview to see the document before issuing it.</source>
        <translation>点击“预览”可在出具前查看文书。</translation>
    </message>
</context>
<context>
    <name>PairsEditor</name>
    <message>
        <source>A%1:</source>
        <translation>答%1：</translation>
    </message>
    <message>
        <source>Q%1:</source>
        <translation>问%1：</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>答</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>问</translation>
    </message>
</context>
<context>
    <name>PendingWrites</name>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>未保存：%1</translation>
    </message>
</context>
<context>
    <name>PhotoStrip</name>
    <message>
        <source>Add photos…</source>
        <translation>添加照片…</translation>
    </message>
    <message>
        <source>Add folder…</source>
        <translation>添加文件夹…</translation>
    </message>
    <message>
        <source>Camera…</source>
        <translation>相机…</translation>
    </message>
    <message>
        <source>Caption…</source>
        <translation>说明…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Taken: %1</source>
        <translation>拍摄时间：%1</translation>
    </message>
    <message>
        <source>Capture time unknown</source>
        <translation>拍摄时间不详</translation>
    </message>
    <message>
        <source>Importing photos…</source>
        <translation>正在导入照片…</translation>
    </message>
    <message>
        <source>Some photos were not imported</source>
        <translation>部分照片未能导入</translation>
    </message>
    <message>
        <source>Add photos</source>
        <translation>添加照片</translation>
    </message>
    <message>
        <source>Photos (%1);;All files (*)</source>
        <translation>照片 (%1);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Add all photos in a folder</source>
        <translation>添加文件夹中的全部照片</translation>
    </message>
    <message>
        <source>Caption not saved</source>
        <translation>说明未保存</translation>
    </message>
    <message>
        <source>Photo not removed</source>
        <translation>照片未移除</translation>
    </message>
    <message>
        <source>Caption</source>
        <translation>照片说明</translation>
    </message>
    <message>
        <source>What does the photo show?</source>
        <translation>照片反映的是什么情况？</translation>
    </message>
    <message>
        <source>Remove photos</source>
        <translation>移除照片</translation>
    </message>
    <message numerus="yes">
        <source>Remove %n photo(s) from this inspection? The original files are kept.</source>
        <translation>
            <numerusform>从本次检查中移除 %n 张照片？原始文件会保留。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PhotoViewer</name>
    <message>
        <source>Fit</source>
        <translation>适合窗口</translation>
    </message>
    <message>
        <source>Zoom in (+)</source>
        <translation>放大 (+)</translation>
    </message>
    <message>
        <source>Zoom out (-)</source>
        <translation>缩小 (-)</translation>
    </message>
    <message>
        <source>Move</source>
        <translation>移动</translation>
    </message>
    <message>
        <source>Arrow</source>
        <translation>箭头</translation>
    </message>
    <message>
        <source>Circle</source>
        <translation>圆圈</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文字</translation>
    </message>
    <message>
        <source>Undo shape</source>
        <translation>撤销标注</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Save annotation</source>
        <translation>保存标注</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>taken %1</source>
        <translation>拍摄于 %1</translation>
    </message>
    <message>
        <source>Text to write on the photo:</source>
        <translation>要写在照片上的文字：</translation>
    </message>
    <message>
        <source>Annotation not saved</source>
        <translation>标注未保存</translation>
    </message>
</context>
<context>
    <name>PlaceFilter</name>
    <message>
        <source>County / district (区县)</source>
        <translation>区县</translation>
    </message>
    <message>
        <source>Township / street (乡镇), within the chosen county</source>
        <translation>乡镇（街道），在所选区县之内</translation>
    </message>
    <message>
        <source>All districts</source>
        <translation>全部区县</translation>
    </message>
    <message>
        <source>All townships</source>
        <translation>全部乡镇</translation>
    </message>
</context>
<context>
    <name>ProposeCaseDialog</name>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Propose</source>
        <translation>提请立案</translation>
    </message>
    <message>
        <source>Officers&apos; opinion</source>
        <translation>承办人意见</translation>
    </message>
    <message>
        <source>Summary (简要案情)</source>
        <translation>简要案情</translation>
    </message>
    <message>
        <source>Discovered</source>
        <translation>发现时间</translation>
    </message>
    <message>
        <source>Officers in charge</source>
        <translation>承办人</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Legal representative</source>
        <translation>法定代表人（负责人）</translation>
    </message>
    <message>
        <source>Credit code</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <source>ID number (身份证号)</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称或姓名</translation>
    </message>
    <message>
        <source>Party</source>
        <translation>当事人</translation>
    </message>
    <message>
        <source>Cause (案由)</source>
        <translation>案由</translation>
    </message>
    <message>
        <source>An institution</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>A person (e.g. an unlicensed operator)</source>
        <translation>个人（如无证行医人员）</translation>
    </message>
    <message>
        <source>Correct the proposal</source>
        <translation>修改立案申请</translation>
    </message>
    <message>
        <source>Propose a case (立案)</source>
        <translation>提请立案</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation>查找范围(&amp;L)：</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>文件类型(&amp;T)：</translation>
    </message>
</context>
<context>
    <name>RecoveryCodeDialog</name>
    <message>
        <source>Recovery code</source>
        <translation>恢复码</translation>
    </message>
    <message>
        <source>The data on this computer is encrypted. Write down this recovery code and keep it in the office&apos;s safe, away from the laptop. It opens the data and its backups if every administrator&apos;s password is lost. It is shown only now.</source>
        <translation>本机上的数据已加密。请抄写下这个恢复码，存放在单位的保险柜中，与笔记本电脑分开保管。如果所有管理员的密码都遗失，可以用它打开数据及其备份。它只在此时显示一次。</translation>
    </message>
    <message>
        <source>I have written it down</source>
        <translation>我已抄写下来</translation>
    </message>
</context>
<context>
    <name>RectificationsModel</name>
    <message>
        <source>Deadline</source>
        <translation>整改期限</translation>
    </message>
    <message>
        <source>Days left</source>
        <translation>剩余天数</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>场所</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>检查项</translation>
    </message>
    <message>
        <source>Inspectors</source>
        <translation>执法人员</translation>
    </message>
    <message>
        <source>Notice no.</source>
        <translation>意见书编号</translation>
    </message>
    <message>
        <source>Issued</source>
        <translation>下达数</translation>
    </message>
    <message>
        <source>%1 days overdue</source>
        <translation>逾期 %1 天</translation>
    </message>
    <message>
        <source>%1 days left</source>
        <translation>剩余 %1 天</translation>
    </message>
    <message>
        <source>County / township</source>
        <translation>区县 / 乡镇</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Documents</source>
        <translation>文书</translation>
    </message>
    <message>
        <source>执法证号 form</source>
        <translation>执法证号格式</translation>
    </message>
    <message>
        <source>A change of language takes effect when the app is started again.</source>
        <translation>更改语言后需重新启动程序才能生效。</translation>
    </message>
    <message>
        <source>%1 no.</source>
        <translation>%1编号</translation>
    </message>
    <message>
        <source>The notice states the rights of review and appeal</source>
        <translation>意见书载明申请行政复议和提起行政诉讼的权利</translation>
    </message>
    <message>
        <source>e.g. 某某县人民政府</source>
        <translation>例如：某某县人民政府</translation>
    </message>
    <message>
        <source>e.g. 某某县人民法院</source>
        <translation>例如：某某县人民法院</translation>
    </message>
    <message>
        <source>Photos also on the notice (otherwise only in the record&apos;s annex)</source>
        <translation>意见书也附照片（否则照片只附在现场检查笔录后）</translation>
    </message>
    <message>
        <source>Administrative review body</source>
        <translation>行政复议机关</translation>
    </message>
    <message>
        <source>People&apos;s court</source>
        <translation>人民法院</translation>
    </message>
    <message>
        <source>Number patterns use {region}, {year} and {seq} (e.g. {seq:03d} for 001). The notice names the review body (60 days) and the court (6 months); left empty, they are blanks to fill in by hand.</source>
        <translation>编号格式可使用 {region}、{year} 和 {seq}（如 {seq:03d} 表示 001）。意见书写明行政复议机关（六十日内）和人民法院（六个月内）；不填写的，意见书中留空由手工填写。</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Office</source>
        <translation>本单位</translation>
    </message>
    <message>
        <source>Inspectors and users</source>
        <translation>执法人员和用户</translation>
    </message>
    <message>
        <source>Exchange</source>
        <translation>数据交换</translation>
    </message>
    <message>
        <source>e.g. 京 or 海淀</source>
        <translation>例如：京、海淀</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <source>Unit name</source>
        <translation>单位名称</translation>
    </message>
    <message>
        <source>Region abbreviation</source>
        <translation>地区简称</translation>
    </message>
    <message>
        <source>Notice title</source>
        <translation>意见书标题</translation>
    </message>
    <message>
        <source>Default deadline</source>
        <translation>默认整改期限</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>界面语言</translation>
    </message>
    <message>
        <source>Example: %1</source>
        <translation>示例：%1</translation>
    </message>
    <message>
        <source>Inspections need two inspectors with their 执法证号. Accounts are added and changed by an administrator.</source>
        <translation>每次检查须有两名持执法证号的执法人员。账户由系统管理员添加和修改。</translation>
    </message>
    <message>
        <source>New inspector or user…</source>
        <translation>新增执法人员或用户…</translation>
    </message>
    <message>
        <source>Manage accounts…</source>
        <translation>管理账户…</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>登录名</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Enforcement ID no.</source>
        <translation>执法证号</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>所在单位</translation>
    </message>
    <message>
        <source>Cases</source>
        <translation>案件</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Sign in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Type your user name.</source>
        <translation>请输入用户名。</translation>
    </message>
</context>
<context>
    <name>SiteDialog</name>
    <message>
        <source>Edit site</source>
        <translation>编辑场所</translation>
    </message>
    <message>
        <source>New site</source>
        <translation>新增场所</translation>
    </message>
    <message>
        <source>18 characters, optional</source>
        <translation>18 位，可不填</translation>
    </message>
    <message>
        <source>Ultrasound / chromosome</source>
        <translation>B超/染色体</translation>
    </message>
    <message>
        <source>Termination of pregnancy</source>
        <translation>终止妊娠</translation>
    </message>
    <message>
        <source>Delivery</source>
        <translation>分娩</translation>
    </message>
    <message>
        <source>Licence valid until</source>
        <translation>许可证有效期至</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Licence no.</source>
        <translation>许可证号</translation>
    </message>
    <message>
        <source>Unified social credit code</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Township / street</source>
        <translation>乡镇（街道）</translation>
    </message>
    <message>
        <source>Legal representative</source>
        <translation>法定代表人（负责人）</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <source>Designated for</source>
        <translation>定点类别</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>County / district</source>
        <translation>区县</translation>
    </message>
</context>
<context>
    <name>SiteImportDialog</name>
    <message>
        <source>Import sites from Excel or CSV</source>
        <translation>从 Excel 或 CSV 导入场所</translation>
    </message>
    <message>
        <source>The first row names the columns: at least 名称 and 类型; also 许可证号, 统一社会信用代码, 地址, 区县, 乡镇, 法定代表人, 电话, 定点B超, 定点终止妊娠, 定点分娩 (是/否), 有效期至, 备注. CSV files may be UTF-8 or GBK.</source>
        <translation>第一行为列名：至少包括“名称”和“类型”；还可包括“许可证号”“统一社会信用代码”“地址”“区县”“乡镇”“法定代表人”“电话”“定点B超”“定点终止妊娠”“定点分娩”（填是/否）“有效期至”“备注”。CSV 文件可为 UTF-8 或 GBK 编码。</translation>
    </message>
    <message>
        <source>No file chosen</source>
        <translation>未选择文件</translation>
    </message>
    <message>
        <source>Choose file…</source>
        <translation>选择文件…</translation>
    </message>
    <message>
        <source>Update sites whose licence number is already registered</source>
        <translation>许可证号已登记的场所按文件内容更新</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Choose the list of sites</source>
        <translation>选择场所名单</translation>
    </message>
    <message>
        <source>Spreadsheets (*.xlsx *.csv);;All files (*)</source>
        <translation>表格文件 (*.xlsx *.csv);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Reading the file…</source>
        <translation>正在读取文件…</translation>
    </message>
    <message numerus="yes">
        <source>Importing %n site(s)…</source>
        <translation>
            <numerusform>正在导入 %n 个场所…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The file has %n problem(s); nothing was imported.</source>
        <translation>
            <numerusform>文件中有 %n 处问题，未导入任何内容。</numerusform>
        </translation>
    </message>
    <message>
        <source>The file cannot be imported</source>
        <translation>文件不能导入</translation>
    </message>
    <message>
        <source>Correct these problems in the file and choose it again. Nothing was imported.</source>
        <translation>请在文件中改正以下问题后重新选择。未导入任何内容。</translation>
    </message>
    <message numerus="yes">
        <source>%n site(s) read from the file, no problems found.</source>
        <translation>
            <numerusform>从文件中读取 %n 个场所，未发现问题。</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing was imported.</source>
        <translation>未导入任何内容。</translation>
    </message>
    <message>
        <source>Nothing was imported:</source>
        <translation>未导入任何内容：</translation>
    </message>
    <message>
        <source>Sites imported</source>
        <translation>场所已导入</translation>
    </message>
    <message>
        <source>%1 new, %2 updated.</source>
        <translation>新增 %1 个，更新 %2 个。</translation>
    </message>
</context>
<context>
    <name>SitesModel</name>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Licence no.</source>
        <translation>许可证号</translation>
    </message>
    <message>
        <source>Designated for</source>
        <translation>定点类别</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Legal representative</source>
        <translation>法定代表人（负责人）</translation>
    </message>
    <message>
        <source>County / township</source>
        <translation>区县 / 乡镇</translation>
    </message>
</context>
<context>
    <name>SitesPage</name>
    <message>
        <source>Search name, address, licence no. or credit code…</source>
        <translation>搜索名称、地址、许可证号或信用代码…</translation>
    </message>
    <message>
        <source>All kinds</source>
        <translation>全部类型</translation>
    </message>
    <message>
        <source>Any designation</source>
        <translation>全部定点类别</translation>
    </message>
    <message>
        <source>New site…</source>
        <translation>新增场所…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Inspect this site…</source>
        <translation>检查该场所…</translation>
    </message>
    <message>
        <source>Import from Excel/CSV…</source>
        <translation>从 Excel/CSV 导入…</translation>
    </message>
    <message>
        <source>More than %1 sites; type more to narrow the list</source>
        <translation>超过 %1 个场所，请继续输入以缩小范围</translation>
    </message>
    <message numerus="yes">
        <source>%n site(s)</source>
        <translation>
            <numerusform>%n 个场所</numerusform>
        </translation>
    </message>
    <message>
        <source>Designated: %1</source>
        <translation>定点：%1</translation>
    </message>
</context>
<context>
    <name>SupervisorBoard</name>
    <message>
        <source>All open</source>
        <translation>全部未结</translation>
    </message>
    <message>
        <source>All kinds</source>
        <translation>全部类型</translation>
    </message>
    <message>
        <source>Search site name, address or licence…</source>
        <translation>搜索场所名称、地址或许可证号…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Red: overdue. Amber: due within 3 days.</source>
        <translation>红色：已逾期；橙色：3天内到期。</translation>
    </message>
    <message>
        <source>All inspectors</source>
        <translation>全部执法人员</translation>
    </message>
    <message>
        <source>All items</source>
        <translation>全部检查项</translation>
    </message>
    <message>
        <source>%1 shown; %2 open, %3 overdue, %4 due within 3 days.</source>
        <translation>共 %1 条；未结 %2 条，逾期 %3 条，3天内到期 %4 条。</translation>
    </message>
</context>
<context>
    <name>UnlicensedSiteDialog</name>
    <message>
        <source>New unlicensed site</source>
        <translation>新增无证场所</translation>
    </message>
    <message>
        <source>The sign over the door, or 无名诊所 and the owner&apos;s name</source>
        <translation>门头招牌名称，或“无名诊所（户主姓名）”</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Write where the site is, so the record and the notice can name the place.</source>
        <translation>请填写地址，笔录和意见书需要写明检查地点。</translation>
    </message>
    <message>
        <source>Give the site a name, e.g. the sign over the door or &quot;无名诊所（户主姓名）&quot;.</source>
        <translation>请填写名称，例如门头招牌名称或“无名诊所（户主姓名）”。</translation>
    </message>
    <message>
        <source>County / district</source>
        <translation>区县</translation>
    </message>
    <message>
        <source>Township / street</source>
        <translation>乡镇（街道）</translation>
    </message>
</context>
<context>
    <name>UserManagementDialog</name>
    <message>
        <source>Accounts</source>
        <translation>账号管理</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Law-enforcement certificate no.</source>
        <translation>执法证号</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Show deactivated accounts</source>
        <translation>显示已停用的账号</translation>
    </message>
    <message>
        <source>New account…</source>
        <translation>新建账号……</translation>
    </message>
    <message>
        <source>Change role</source>
        <translation>更改角色</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>新密码</translation>
    </message>
    <message>
        <source>Repeat the new password</source>
        <translation>再次输入新密码</translation>
    </message>
    <message>
        <source>Set password</source>
        <translation>设置密码</translation>
    </message>
    <message>
        <source>Deactivate</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <source>Selected account</source>
        <translation>所选账号</translation>
    </message>
    <message>
        <source>active</source>
        <translation>在用</translation>
    </message>
    <message>
        <source>Activate</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
    <message>
        <source>Password set</source>
        <translation>密码已设置</translation>
    </message>
    <message>
        <source>The password of %1 was set.</source>
        <translation>已设置 %1 的密码。</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <source>Cannot open the database</source>
        <translation>无法打开数据库</translation>
    </message>
</context>
<context>
    <name>crash</name>
    <message>
        <source>Unexpected error</source>
        <translation>意外错误</translation>
    </message>
    <message>
        <source>Something went wrong inside the app. Your answers up to this moment are saved.
Please send the log file to the person who maintains the app.</source>
        <translation>程序内部出现错误。此前填写的内容均已保存。
请将日志文件发给程序维护人员。</translation>
    </message>
    <message>
        <source>Log file: %1</source>
        <translation>日志文件：%1</translation>
    </message>
</context>
<context>
    <name>dashboard</name>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
</context>
<context>
    <name>documents</name>
    <message>
        <source>The stored file of %1 is missing or was changed after it was issued. Run “inspector documents verify --restore” or restore it from a backup.</source>
        <translation>%1 的存档文件丢失或在出具后被改动。请运行“inspector documents verify --restore”或从备份中恢复。</translation>
    </message>
    <message>
        <source>Print document</source>
        <translation>打印文书</translation>
    </message>
    <message>
        <source>Converting to PDF with LibreOffice…</source>
        <translation>正在用 LibreOffice 转换为 PDF…</translation>
    </message>
    <message>
        <source>Filling in the template…</source>
        <translation>正在填写模板…</translation>
    </message>
    <message>
        <source>LibreOffice is not installed, so the pages cannot be shown here.</source>
        <translation>未安装 LibreOffice，无法在此显示页面。</translation>
    </message>
    <message>
        <source>Issuing: allocating the number and writing the document…</source>
        <translation>正在出具：分配文号并生成文书…</translation>
    </message>
    <message>
        <source>The stored file of this document is missing or altered; restore it first.</source>
        <translation>该文书的存档文件丢失或已被改动，请先恢复。</translation>
    </message>
</context>
<context>
    <name>keys</name>
    <message>
        <source>Type the answer: 1/2/3 and Enter are text here (Enter starts a new line)
Ctrl+Enter next · Alt+1/2/3 judgement · PgUp back · Ctrl+F find</source>
        <translation>在此输入内容：1/2/3 和 Enter 均作为文字输入（Enter 换行）
Ctrl+Enter 下一项 · Alt+1/2/3 判定 · PgUp 上一项 · Ctrl+F 查找</translation>
    </message>
    <message>
        <source>Type the value · Enter/PgDn next · PgUp back · Ctrl+F find
Alt+1/2/3 judgement (optional)</source>
        <translation>输入数值 · Enter/PgDn 下一项 · PgUp 上一项 · Ctrl+F 查找
Alt+1/2/3 判定（可选）</translation>
    </message>
    <message>
        <source>↑/↓ choose · Enter/PgDn next · PgUp back · Ctrl+F find
1/2/3 judgement (optional); in a text field Alt+1/2/3</source>
        <translation>↑/↓ 选择 · Enter/PgDn 下一项 · PgUp 上一项 · Ctrl+F 查找
1/2/3 判定（可选）；在文本框内用 Alt+1/2/3</translation>
    </message>
    <message>
        <source>1/2/3 answer · Enter/PgDn next · PgUp back · Ctrl+F find
In a text field: Alt+1/2/3 answer, Ctrl+Enter next</source>
        <translation>1/2/3 判定 · Enter/PgDn 下一项 · PgUp 上一项 · Ctrl+F 查找
在文本框内：Alt+1/2/3 判定，Ctrl+Enter 下一项</translation>
    </message>
</context>
<context>
    <name>legal</name>
    <message>
        <source>to be verified</source>
        <translation>待核实</translation>
    </message>
    <message>
        <source>Version of %1</source>
        <translation>%1 版</translation>
    </message>
    <message>
        <source>The text of this article is not in the catalogue; look it up in the official publication.</source>
        <translation>法条目录中未收录本条原文，请查阅正式文本。</translation>
    </message>
    <message>
        <source>Violates</source>
        <translation>违反条款</translation>
    </message>
    <message>
        <source>Basis of the order</source>
        <translation>处理依据</translation>
    </message>
    <message>
        <source>Transfer to the police</source>
        <translation>移送公安机关</translation>
    </message>
    <message>
        <source>Reason for the check (not law)</source>
        <translation>检查依据（非法律条文）</translation>
    </message>
    <message>
        <source>Legal basis</source>
        <translation>法律依据</translation>
    </message>
    <message>
        <source>No legal basis is given for this item.</source>
        <translation>本检查项未列明法律依据。</translation>
    </message>
    <message>
        <source>Confirmed by %1 on %2 against: %3</source>
        <translation>%1 于 %2 核实，核对文本：%3</translation>
    </message>
    <message>
        <source>Text from: %1</source>
        <translation>条文来源：%1</translation>
    </message>
    <message>
        <source>Not verified: %1. It cannot be cited in a document until it is confirmed.</source>
        <translation>待核实：%1。须核实后方可在文书中引用。</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>处理方式</translation>
    </message>
</context>
<context>
    <name>messages</name>
    <message>
        <source>Cannot do that</source>
        <translation>无法执行</translation>
    </message>
    <message numerus="yes">
        <source>… and %n more (see details).</source>
        <translation>
            <numerusform>……另有 %n 条（见详细信息）。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>open_data</name>
    <message>
        <source>Encrypt this data directory?</source>
        <translation>加密此数据目录？</translation>
    </message>
    <message>
        <source>The data on this computer is not encrypted: anyone who copies the folder can read it. Encrypt it now? A checked backup is made first; every account keeps its password.</source>
        <translation>本机上的数据尚未加密：任何人复制该文件夹即可读取。现在加密吗？程序会先生成并核验一份备份；所有账号的密码保持不变。</translation>
    </message>
    <message>
        <source>Encrypting the data directory…</source>
        <translation>正在加密数据目录…</translation>
    </message>
    <message>
        <source>The conversion did not finish (the details are in the log). Start the app again.</source>
        <translation>加密转换未完成（详情见日志）。请重新启动程序。</translation>
    </message>
</context>
<context>
    <name>resume</name>
    <message>
        <source>The app was closed while the inspection of %1 (started %2) was open. Everything typed was saved. Reopen it where it was?</source>
        <translation>上次程序关闭时，%1 的检查（开始于 %2）仍处于打开状态。已填写的内容均已保存。是否从中断处继续？</translation>
    </message>
    <message>
        <source>Continue the inspection?</source>
        <translation>继续检查？</translation>
    </message>
</context>
</TS>
