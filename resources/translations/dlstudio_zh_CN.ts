<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
  <context>
    <name>About</name>
    <message>
      <source>A studio for learning how deep neural networks train, and why they sometimes do not.</source>
      <extracomment>the widget that had the keyboard focus when the box opened: it gets it back</extracomment>
      <translation>一个学习深度神经网络如何训练、以及为何有时训练失败的工作室。</translation>
    </message>
    <message>
      <source>About dlstudio</source>
      <translation>关于 dlstudio</translation>
    </message>
    <message>
      <source>Start training (or resume)</source>
      <extracomment>View &gt; Next / Previous plot page (window-wide keys) the arrow keys as arrows: Qt's Chinese names read "右方向", a word cut short (walker21 W21-9)</extracomment>
      <translation>开始训练（或继续）</translation>
    </message>
    <message>
      <source>Pause / resume</source>
      <translation>暂停 / 继续</translation>
    </message>
    <message>
      <source>Train one mini-batch</source>
      <translation>训练一个小批量</translation>
    </message>
    <message>
      <source>Stop training</source>
      <translation>停止训练</translation>
    </message>
    <message>
      <source>Reset weights</source>
      <translation>重置权重</translation>
    </message>
    <message>
      <source>Undo / redo a network edit</source>
      <translation>撤销 / 重做网络编辑</translation>
    </message>
    <message>
      <source>Open / save workspace</source>
      <translation>打开 / 保存工作区</translation>
    </message>
    <message>
      <source>Classroom mode</source>
      <translation>课堂模式</translation>
    </message>
    <message>
      <source>A one-minute tour of the window</source>
      <translation>窗口的一分钟导览</translation>
    </message>
    <message>
      <source>Delete the selected layer</source>
      <translation>删除所选层</translation>
    </message>
    <message>
      <source>Add the layer kind chosen in the palette (as a double-click does)</source>
      <translation>添加在层种类列表中选中的层（与双击相同）</translation>
    </message>
    <message>
      <source>Move the selected layer up / down</source>
      <translation>上移 / 下移所选层</translation>
    </message>
    <message>
      <source>Apply this lesson step</source>
      <translation>应用课程的这一步</translation>
    </message>
    <message>
      <source>Check this lesson step</source>
      <translation>检查课程的这一步</translation>
    </message>
    <message>
      <source>Next / previous lesson step</source>
      <translation>课程的下一步 / 上一步</translation>
    </message>
    <message>
      <source>Lesson layout (the lesson beside its plot)</source>
      <translation>课程布局（课程与它的图并排）</translation>
    </message>
    <message>
      <source>Next / previous plot page</source>
      <translation>下一个 / 上一个图表页</translation>
    </message>
    <message>
      <source>In a lesson question: lock in the chosen answer (arrow keys or Space choose). Elsewhere: press the focused button or tick the focused box (Space pauses instead)</source>
      <translation>在课程问题中：确定所选答案（用方向键或空格键选择）。在其他地方：按下有焦点的按钮或勾选有焦点的复选框（空格键则是暂停）</translation>
    </message>
    <message>
      <source>Keyboard shortcuts</source>
      <extracomment>the shortcuts' table is at least this many average characters wide: the message box gave it its own narrow width, and the descriptions wrapped into 2-5 lines of ~140 px while the keys had room to spare (walker37 W37-28, classroom mode)</extracomment>
      <translation>键盘快捷键</translation>
    </message>
  </context>
  <context>
    <name>ActivationsPanel</name>
    <message>
      <source>A sigmoid or tanh output this close to its limits (0 and 1 for sigmoid, -1 and 1 for tanh) sits on the flat part of the curve, where almost no gradient passes back: the unit has stopped learning. The bars count such outputs; a wider margin counts more of them. Changes apply at once to these bars (for the runs shown) and are saved with the training settings; the status line and lesson checks count at the new margin from the next measurement of a run on.</source>
      <extracomment>the heatmaps stand in the histograms' columns, a layer under its histogram: in six columns, a heatmap whose value axis takes a third of it was too narrow for its title at 1366x768 ("3" / "dense_1") least height of a histogram or heatmap plot, in pixels (a taller page scrolls) least height of the spread and stopped-units charts layer kinds whose output repeats their input (not worth a plot of their own) the user chose how close to a sigmoid/tanh limit counts as saturated (a float) the margin the bars count saturation at (None: the one each run was probed with) (variant, "act_std" | "pre_std") -&gt; its curve over the layers, and the x marks of its layers whose spread is 0</extracomment>
      <translation>sigmoid 或 tanh 的输出离极限值（sigmoid 为 0 和 1，tanh 为 -1 和 1）这么近时，处在曲线的平坦部分，几乎没有梯度能传回去：这个神经元已停止学习。柱状图统计的就是这样的输出；范围越宽，算作饱和的越多。修改会立即作用于这些柱状图（对已显示的训练），并随训练设置一起保存；状态栏和课程检查从训练的下一次测量起才按新的范围统计。</translation>
    </message>
    <message>
      <source>Saturated when within</source>
      <translation>输出距极限值</translation>
    </message>
    <message>
      <source>of a limit</source>
      <translation>以内视为饱和</translation>
    </message>
    <message>
      <source>Start training to see what each layer's units output.</source>
      <translation>开始训练，查看每一层神经元的输出。</translation>
    </message>
    <message>
      <source>Spread of each layer's values (standard deviation, log scale; solid: output, dashed: pre-activation z)</source>
      <translation>每层数值的分散程度（标准差，对数刻度；实线：输出，虚线：激活前的 z）</translation>
    </message>
    <message>
      <source>std</source>
      <translation>标准差</translation>
    </message>
    <message>
      <source>x on the bottom edge: spread 0 (every value the same)</source>
      <translation>底边上的 x：分散程度为 0（所有值都相同）</translation>
    </message>
    <message>
      <source>Units that stopped responding: saturated (sigmoid/tanh) or dead (ReLU)</source>
      <translation>失去响应的神经元：饱和（sigmoid/tanh）或死亡（ReLU）</translation>
    </message>
    <message>
      <source>% of units</source>
      <translation>神经元百分比</translation>
    </message>
    <message>
      <source>Activation histograms now (share of values per bin)</source>
      <translation>当前激活值直方图（每个区间所占比例）</translation>
    </message>
    <message>
      <source>Activation histograms at step {step} (share of values per bin)</source>
      <translation>第 {step} 步的激活值直方图（每个区间所占比例）</translation>
    </message>
    <message>
      <source>activation</source>
      <translation>激活值</translation>
    </message>
    <message>
      <source> - first {0} of {1} layers</source>
      <translation> - 共 {1} 层中的前 {0} 层</translation>
    </message>
    <message>
      <source>Activations over time (x: step, y: activation value, bright: many values)</source>
      <translation>激活值随时间变化（横轴：步数，纵轴：激活值，越亮表示数值越多）</translation>
    </message>
    <message>
      <source>step</source>
      <translation>步</translation>
    </message>
    <message>
      <source>value</source>
      <translation>值</translation>
    </message>
    <message>
      <source>saturated</source>
      <translation>饱和</translation>
    </message>
    <message>
      <source>dead</source>
      <translation>死亡</translation>
    </message>
  </context>
  <context>
    <name>AugmentationBoxWidget</name>
    <message>
      <source>Augmentation (training images only)</source>
      <extracomment>augmentation settings as form parameters (help in student language) which variants train with the augmentation (hidden when every one does)</extracomment>
      <translation>数据增强（仅用于训练图像）</translation>
    </message>
    <message>
      <source>Not used: the training settings switch augmentation off, so the network trains on the plain images.</source>
      <translation>未使用：训练设置关闭了数据增强，网络用原始图像训练。</translation>
    </message>
    <message>
      <source>Only %1 trains with this augmentation; %2 trains on the plain images.</source>
      <translation>只有 %1 用这些数据增强训练；%2 用原始图像训练。</translation>
    </message>
    <message>
      <source>Set an augmentation below to see examples of what the network will train on.</source>
      <translation>在下方设置数据增强，即可看到网络将要训练的样本示例。</translation>
    </message>
    <message>
      <source>Augmentation preview is not available.</source>
      <translation>数据增强预览不可用。</translation>
    </message>
  </context>
  <context>
    <name>BasePanel</name>
    <message>
      <source>Drawing the plots...</source>
      <translation>正在绘制图表...</translation>
    </message>
    <message>
      <source>Export</source>
      <translation>导出</translation>
    </message>
    <message>
      <source>Save these plots as a picture (PNG or SVG), or the run's numbers as a CSV table</source>
      <translation>将这些图保存为图片（PNG 或 SVG），或将本次运行的数据保存为 CSV 表格</translation>
    </message>
    <message>
      <source>Plots as PNG image...</source>
      <translation>图表另存为 PNG 图片...</translation>
    </message>
    <message>
      <source>Plots as SVG drawing...</source>
      <translation>图表另存为 SVG 矢量图...</translation>
    </message>
    <message>
      <source>Metrics as CSV table...</source>
      <translation>指标另存为 CSV 表格...</translation>
    </message>
    <message>
      <source>PNG image (*.png)</source>
      <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
      <source>SVG drawing (*.svg)</source>
      <translation>SVG 矢量图 (*.svg)</translation>
    </message>
    <message>
      <source>CSV table (*.csv)</source>
      <translation>CSV 表格 (*.csv)</translation>
    </message>
    <message>
      <source>Saved the run's metrics ({0:,} rows) as {1}</source>
      <translation>已将训练指标（{0:,} 行）保存为 {1}</translation>
    </message>
    <message>
      <source>Saved the plots as {0}</source>
      <translation>已将图表保存为 {0}</translation>
    </message>
    <message>
      <source>%1 (filled)</source>
      <extracomment>False when the variants number some layer differently (``numbers_agree``): then every slot goes by its name alone, not some with a number and some without (walker28: "1 dense, 2 dense_1, 3 dropout, dense_2" after A's extra dropout) least number of labelled ticks on a histogram's value axis line styles of a comparison's outlined histograms (B, C, D, ...): variants whose histograms coincide (the same start, a short run) stay apart how ``hist_key`` names the styles of ``hist_look`` (%1: the variant): the first variant's, then the others'</extracomment>
      <translation>%1（填充）</translation>
    </message>
    <message>
      <source>%1 (outline)</source>
      <translation>%1（轮廓）</translation>
    </message>
    <message>
      <source>%1 (dashed outline)</source>
      <translation>%1（虚线轮廓）</translation>
    </message>
    <message>
      <source>%1 (dotted outline)</source>
      <translation>%1（点线轮廓）</translation>
    </message>
    <message>
      <source>%1 (dash-dot outline)</source>
      <translation>%1（点划线轮廓）</translation>
    </message>
    <message>
      <source>{heading}  (colours: {key})</source>
      <extracomment>the headings of the page's sections, by name, top to bottom (``show_section``) headings naming the moment shown: (label, words, key, step they name)</extracomment>
      <translation>{heading}（颜色：{key}）</translation>
    </message>
  </context>
  <context>
    <name>BasisLabelWidget</name>
    <message>
      <source>Each run trains the current network (%d layers) on &lt;b&gt;%s&lt;/b&gt; with &lt;b&gt;%s&lt;/b&gt;, starting from the same initial weights; only the searched settings change.</source>
      <translation>每次运行训练当前网络（%d 层），在 &lt;b&gt;%s&lt;/b&gt; 上使用 &lt;b&gt;%s&lt;/b&gt;，从相同的初始权重开始；只有被搜索的设置会改变。</translation>
    </message>
  </context>
  <context>
    <name>BoundaryViewsMixin</name>
    <message>
      <source>Decision boundary</source>
      <extracomment>grid points per side of the boundary image marker per class, so classes differ by shape as well as colour</extracomment>
      <translation>决策边界</translation>
    </message>
    <message>
      <source>Unit output</source>
      <translation>神经元输出</translation>
    </message>
  </context>
  <context>
    <name>BranchDialog</name>
    <message>
      <source>Branch from step {0}</source>
      <extracomment>what "Branch from here" can change: (setting, lowest, highest, decimals, is it a count) how often (ms) the slider takes the new moments of a running run</extracomment>
      <translation>从第 {0} 步分支</translation>
    </message>
    <message>
      <source>The run goes back to step {0} (its weights, optimizer state and random generators) and continues from there with one setting changed, drawn over the original run.</source>
      <translation>训练回到第 {0} 步（恢复当时的权重、优化器状态和随机数生成器），改变一个设置后从那里继续，并与原来的训练画在一起。</translation>
    </message>
    <message>
      <source>Continue the run of</source>
      <translation>继续哪个训练</translation>
    </message>
    <message>
      <source>Change</source>
      <translation>修改</translation>
    </message>
    <message>
      <source>to</source>
      <translation>为</translation>
    </message>
  </context>
  <context>
    <name>ClampingSpinBox</name>
    <message>
      <source>At least %1 (you typed %2)</source>
      <extracomment>how long the tip stays (ms)</extracomment>
      <translation>最小为 %1（你输入的是 %2）</translation>
    </message>
    <message>
      <source>At most %1 (you typed %2)</source>
      <translation>最大为 %1（你输入的是 %2）</translation>
    </message>
  </context>
  <context>
    <name>ComparePanel</name>
    <message>
      <source>activation: %1</source>
      <translation>激活函数：%1</translation>
    </message>
    <message>
      <source>initializer: %1</source>
      <translation>初始化器：%1</translation>
    </message>
    <message>
      <source>batch norm on</source>
      <translation>开启批归一化</translation>
    </message>
    <message>
      <source>batch norm off</source>
      <translation>关闭批归一化</translation>
    </message>
    <message>
      <source>dropout off</source>
      <translation>关闭 Dropout</translation>
    </message>
    <message>
      <source>dropout %1</source>
      <translation>Dropout %1</translation>
    </message>
    <message>
      <source>other network changes</source>
      <translation>网络的其他改动</translation>
    </message>
    <message>
      <source>optimizer: %1</source>
      <translation>优化器：%1</translation>
    </message>
    <message>
      <source>learning rate %1</source>
      <translation>学习率 %1</translation>
    </message>
    <message>
      <source>%1 changed</source>
      <translation>%1 已改动</translation>
    </message>
    <message>
      <source>%1: the current setup</source>
      <translation>%1：当前配置</translation>
    </message>
    <message>
      <source>%1: branch of %2 from step %3, %4 (a new Start leaves it out)</source>
      <translation>%1：%2 第 %3 步起的分支，%4（再次“开始”时不训练它）</translation>
    </message>
    <message>
      <source>nothing changed</source>
      <translation>什么都没改</translation>
    </message>
    <message>
      <source>%1: %2</source>
      <translation>%1：%2</translation>
    </message>
    <message>
      <source>same as A (change something below)</source>
      <translation>与 A 相同（请在下方修改某项）</translation>
    </message>
    <message>
      <source>Duplicate the current setup as variant B (then C, D), change one thing, and press Start: all variants train in lockstep on the same data order and seed, and every plot overlays them. Settings you change for A (epochs, layers...) carry over to the variants, except what a variant changes itself; the list names every difference. Remove the variants to train alone again.</source>
      <translation>把当前配置复制为变体 B（然后是 C、D），只改动一处，再按“开始”：所有变体以相同的数据顺序和随机种子同步训练，每张图都会叠加显示它们。你对 A 所做的设置改动（轮数、层等）会同步到各变体，变体自己改动的内容除外；列表会列出每一处差异。删除变体即可恢复单独训练。</translation>
    </message>
    <message>
      <source>Duplicate as new variant</source>
      <translation>复制为新变体</translation>
    </message>
    <message>
      <source>Remove variant</source>
      <translation>删除变体</translation>
    </message>
    <message>
      <source>What this variant changes</source>
      <translation>此变体改动的内容</translation>
    </message>
    <message>
      <source>Activation (hidden layers)</source>
      <translation>激活函数（隐藏层）</translation>
    </message>
    <message>
      <source>Initializer (hidden layers)</source>
      <translation>初始化方法（隐藏层）</translation>
    </message>
    <message>
      <source>Batch normalization after every hidden layer</source>
      <translation>在每个隐藏层之后加入批归一化</translation>
    </message>
    <message>
      <source>Dropout after every hidden Dense layer, rate</source>
      <translation>在每个隐藏的 Dense 层之后加入 Dropout，比例</translation>
    </message>
  </context>
  <context>
    <name>ConvergencePanel</name>
    <message>
      <source>Start training to see the loss and accuracy curves.</source>
      <extracomment>narrower than this (pixels), the accuracy plot goes below the loss plot a single run's three plots (7 items) are redrawn on one tick, with one paint; a comparison's loss plot on one tick, its accuracy and learning-rate plots on the next ones. In pieces, a single run's redraw took two paints of the whole page: 18.5 ms of the GUI thread instead of 12.1 (a 3-epoch MLP run's page, 1100 x 700; issue 13) built before a run, a plot at a time (``prepare_ahead``): built at the run's first snapshot, its three plots held the GUI thread 0.19 s (0.5-0.8 s on a loaded machine) what the loss plot shows besides the curves, and the legend placed around it: each variant's notes at its top edge (loss off the scale, penalty), the lines at the epochs whose weights early stopping restored (``plots/loss_marks.py``) the bottom of the accuracy axis (above 0 when every accuracy is high) a comparison legend's sample of the validation style (not on the plot) the options above the plots (``plots/convergence_options.py``)</extracomment>
      <translation>开始训练即可看到损失和准确率曲线。</translation>
    </message>
    <message>
      <source>step</source>
      <translation>步</translation>
    </message>
    <message>
      <source>epoch</source>
      <translation>轮</translation>
    </message>
    <message>
      <source>Loss (faint: each batch, bold: smoothed)</source>
      <translation>损失（浅色：每个批次，粗线：平滑后）</translation>
    </message>
    <message>
      <source>loss</source>
      <translation>损失</translation>
    </message>
    <message>
      <source>Accuracy (training: running mean per epoch)</source>
      <translation>准确率（训练集：每轮内的累计平均）</translation>
    </message>
    <message>
      <source>accuracy</source>
      <translation>准确率</translation>
    </message>
    <message>
      <source>Learning rate</source>
      <translation>学习率</translation>
    </message>
    <message>
      <source>learning rate</source>
      <translation>学习率</translation>
    </message>
    <message>
      <source>training</source>
      <translation>训练</translation>
    </message>
    <message>
      <source>validation</source>
      <translation>验证</translation>
    </message>
    <message>
      <source>test {0:.1%}</source>
      <extracomment>the curves a later variant's may cover, and their base widths (``coinciding``)</extracomment>
      <translation>测试 {0:.1%}</translation>
    </message>
    <message>
      <source>Smoothing</source>
      <translation>平滑</translation>
    </message>
    <message>
      <source>How strongly the bold curve averages the noisy mini-batch values: 0 = no smoothing, 0.99 = very smooth. The faint raw curve is always shown too.</source>
      <translation>粗线对嘈杂的小批量数值做平均的强度：0 = 不平滑，0.99 = 非常平滑。原始的浅色曲线始终同时显示。</translation>
    </message>
    <message>
      <source>Log scale loss</source>
      <translation>损失用对数坐标</translation>
    </message>
    <message>
      <source>Show the loss on a logarithmic axis: small improvements late in training become visible</source>
      <translation>用对数坐标显示损失：训练后期的微小改进也能看清</translation>
    </message>
    <message>
      <source>x axis</source>
      <translation>横轴</translation>
    </message>
    <message>
      <source>Steps</source>
      <translation>步数</translation>
    </message>
    <message>
      <source>Epochs</source>
      <translation>轮数（epoch）</translation>
    </message>
    <message>
      <source>Measure training time in mini-batch steps or in epochs</source>
      <translation>以小批量步数或轮数来度量训练进度</translation>
    </message>
    <message>
      <source>weights restored: epoch {epoch}</source>
      <translation>恢复的权重：第 {epoch} 轮</translation>
    </message>
    <message>
      <source>diverged at step {step}</source>
      <translation>在第 {step} 步发散</translation>
    </message>
    <message>
      <source>loss exploded to {value}: off the scale (diverged)</source>
      <extracomment>above the curves: a note on the page's background hides the curves under it (the loss line that shot up ran through "off the scale (diverged)": walker26 W26-9), those of a variant added after it too where ``place`` puts the notes ``write`` showed: (note, x or None for the right edge, row)</extracomment>
      <translation>损失爆炸到 {value}：超出坐标范围（已发散）</translation>
    </message>
    <message>
      <source>loss rose to {value}: off the scale</source>
      <translation>损失升到 {value}：超出坐标范围</translation>
    </message>
    <message>
      <source>training adds penalty {value} (not drawn)</source>
      <translation>训练时另加惩罚 {value}（未画出）</translation>
    </message>
  </context>
  <context>
    <name>DataPanel</name>
    <message>
      <source>Dataset</source>
      <extracomment>least height of the scatter/image preview, in pixels, and in classroom mode how the task and classes of the user's own data were inferred (a warning when guessed); hidden for the built-in sets rows or files of the user's data that were skipped, and why (hidden when none) augmentation set aside while the data are not images (hidden otherwise)</extracomment>
      <translation>数据集</translation>
    </message>
    <message>
      <source>Preview (training split)</source>
      <translation>预览（训练集）</translation>
    </message>
    <message>
      <source>Give the path of your data above (type it, or press Browse... to choose it); it loads as soon as the path is set.</source>
      <translation>请在上方给出数据的路径（直接输入，或按“浏览...”选择）；设置好路径后会立即加载。</translation>
    </message>
    <message>
      <source>Loading the data...</source>
      <translation>正在加载数据...</translation>
    </message>
    <message>
      <source>Could not load the data: %1</source>
      <translation>无法加载数据：%1</translation>
    </message>
    <message>
      <source>Found in %1</source>
      <translation>位于 %1</translation>
    </message>
    <message>
      <source>Not on this computer yet (looked for %1 in %2): it is downloaded when loaded (this needs the internet), or give the folder that holds its files in Path above (Browse...).</source>
      <translation>还不在这台电脑上（在 %2里找过 %1）：加载时会自动下载（需要联网），也可以在上面的“路径”里给出存放这些文件的文件夹（浏览...）。</translation>
    </message>
    <message>
      <source>No preview for this dataset.</source>
      <translation>此数据集没有预览。</translation>
    </message>
    <message>
      <source>Loading %1...</source>
      <translation>正在加载 %1...</translation>
    </message>
    <message>
      <source>Hide</source>
      <translation>隐藏</translation>
    </message>
    <message>
      <source>Loading data</source>
      <translation>加载数据</translation>
    </message>
    <message>
      <source>Augmentation is off for these data: it works on images only. Your augmentation settings come back when you pick an image dataset.</source>
      <translation>这些数据不使用数据增强：数据增强只对图像有效。选回图像数据集时，你的数据增强设置会恢复。</translation>
    </message>
  </context>
  <context>
    <name>DataPreviewWidget</name>
    <message>
      <source>%1 examples of shape %2</source>
      <extracomment>class colours: the Outcome plots' (one palette for both) pixels kept free between the captions of neighbouring tiles (at least) pixels kept free on each side of the spread's caption, which wraps to the plot's width narrower than this (not laid out yet) the caption is not wrapped</extracomment>
      <translation>%1 个样本，形状为 %2</translation>
    </message>
    <message>
      <source>σx %1 · σy %2 · r = %3</source>
      <translation>σx %1 · σy %2 · r = %3</translation>
    </message>
    <message>
      <source>dashed: spread, 1 std. dev. (covariance)</source>
      <translation>虚线：离散程度，1 个标准差（协方差）</translation>
    </message>
  </context>
  <context>
    <name>DrawDigitPanel</name>
    <message>
      <source>Draw a digit</source>
      <extracomment>the side of "what the network sees" (pixels): a fifth of the page's width or height (the smaller), within these milliseconds between a change of the drawing and the prediction it starts pixels between two prediction bars</extracomment>
      <translation>手写数字</translation>
    </message>
    <message>
      <source>Clear</source>
      <translation>清除</translation>
    </message>
    <message>
      <source>Open model...</source>
      <translation>打开模型...</translation>
    </message>
    <message>
      <source>Use a saved network (.dlsnet) or the trained network of a workspace (.dlsw) instead of the studio's</source>
      <translation>改用保存的网络（.dlsnet）或工作区（.dlsw）中训练好的网络，而不是工作室中的网络</translation>
    </message>
    <message>
      <source>Use the studio's network</source>
      <translation>使用工作室中的网络</translation>
    </message>
    <message>
      <source>What the network sees (28 × 28):</source>
      <translation>网络看到的图像（28 × 28）：</translation>
    </message>
    <message>
      <source>Feature maps of the convolution layers</source>
      <translation>卷积层的特征图</translation>
    </message>
    <message>
      <source>Draw a digit here with the mouse</source>
      <translation>用鼠标在这里写一个数字</translation>
    </message>
    <message>
      <source>Network: %1</source>
      <translation>网络：%1</translation>
    </message>
    <message>
      <source>Network: the studio's, changed after the run and not trained yet (new random weights): its answers are guesses. Press Start to train it.</source>
      <translation>网络：工作室中的网络，在运行之后改动过，还没有训练（新的随机权重）：它的回答只是猜测。按“开始”训练它。</translation>
    </message>
    <message>
      <source>Network: the studio's variant %1 (%2), with its newest weights</source>
      <translation>网络：工作室中的变体 %1（%2），使用其最新权重</translation>
    </message>
    <message>
      <source>Network: the studio's variant %1, with its newest weights</source>
      <translation>网络：工作室中的变体 %1，使用其最新权重</translation>
    </message>
    <message>
      <source>(the variant with the best accuracy; choose another above)</source>
      <translation>（准确率最高的变体；可在上方另选）</translation>
    </message>
    <message>
      <source>Network: the studio's, with its newest weights</source>
      <translation>网络：工作室中的网络，使用其最新权重</translation>
    </message>
    <message>
      <source>. </source>
      <translation>。</translation>
    </message>
    <message>
      <source>Its run diverged at step %1: its answers are hardly better than guesses.</source>
      <translation>它的训练在第 %1 步发散了：它的回答几乎只是猜测。</translation>
    </message>
    <message>
      <source>Its run diverged at step %1; the last good weights (step %2) are used, so its answers are hardly better than guesses.</source>
      <translation>它的训练在第 %1 步发散了；这里用的是最后一组正常的权重（第 %2 步），所以它的回答几乎只是猜测。</translation>
    </message>
    <message>
      <source>Build a network first (the editor shows what is wrong).</source>
      <translation>请先构建一个网络（编辑器会指出问题所在）。</translation>
    </message>
    <message>
      <source>This needs a network whose input is a 28 × 28 × 1 image, such as the MNIST presets.</source>
      <translation>这需要输入为 28 × 28 × 1 图像的网络，例如 MNIST 预设网络。</translation>
    </message>
    <message>
      <source>This network's run diverged and its weights are not numbers (NaN): it cannot read a drawing. Choose another variant, or train it again with a smaller learning rate.</source>
      <translation>这个网络的训练发散了，它的权重不再是数字（NaN）：无法识别手写数字。请选择另一个变体，或用更小的学习率重新训练。</translation>
    </message>
    <message>
      <source>Draw a digit with the mouse.</source>
      <translation>用鼠标写一个数字。</translation>
    </message>
    <message>
      <source>Not opened: %1</source>
      <translation>未打开：%1</translation>
    </message>
    <message>
      <source>Open a trained network</source>
      <translation>打开训练好的网络</translation>
    </message>
    <message>
      <source>The network says %1 (%2%).</source>
      <translation>网络认为是 %1（%2%）。</translation>
    </message>
    <message>
      <source>This network has no convolution layers.</source>
      <translation>这个网络没有卷积层。</translation>
    </message>
    <message>
      <source>The prediction failed: %1</source>
      <translation>预测失败：%1</translation>
    </message>
  </context>
  <context>
    <name>ErrorReporter</name>
    <message>
      <source>Something went wrong</source>
      <translation>出错了</translation>
    </message>
    <message>
      <source>dlstudio carried on; your work is kept. The details were written to the log file.</source>
      <translation>dlstudio 仍在运行，你的工作已保留。详细信息已写入日志文件。</translation>
    </message>
  </context>
  <context>
    <name>FileChoice</name>
    <message>
      <source>%1 has changes that are not saved in the file.</source>
      <extracomment>the QSettings key holding the folder of the last file opened or saved the system's own file systems: files made up by the kernel, devices, pipes. A file dialog listing one can block for good (reading /proc/kmsg froze the window, also after every restart while the folder was remembered: walker14 W14-16), and no student file lives there classroom mode's file dialogs are this many times the normal size (the text is 1.5 times larger, and Qt's own dialog kept its normal size: a cramped list on a projector) ... ... but no larger than this share of the screen's free area</extracomment>
      <translation>%1 有尚未保存到文件中的更改。</translation>
    </message>
    <message>
      <source>This session has changes that are not saved in any file.</source>
      <translation>当前会话有尚未保存到任何文件中的更改。</translation>
    </message>
    <message>
      <source>Save changes first?</source>
      <translation>先保存更改吗？</translation>
    </message>
    <message>
      <source>This is a second dlstudio window: the next start does not restore its work. Save it before closing? Discard loses it; Cancel keeps the window open.</source>
      <translation>这是第二个 dlstudio 窗口：下次启动时不会恢复它的工作。关闭前要保存吗？选择“丢弃”会丢失这些工作；选择“取消”则保持窗口打开。</translation>
    </message>
    <message>
      <source>Save them before they are replaced? Discard loses them; Cancel keeps working on them.</source>
      <translation>在它们被替换之前保存吗？选择“丢弃”会丢失这些更改；选择“取消”则继续编辑。</translation>
    </message>
    <message>
      <source>Stop the training?</source>
      <translation>停止训练吗？</translation>
    </message>
    <message>
      <source>Stop and quit</source>
      <translation>停止并退出</translation>
    </message>
    <message>
      <source>The file changed elsewhere</source>
      <translation>文件在别处被改动了</translation>
    </message>
    <message>
      <source>%1 was changed on disk since you opened or saved it here (perhaps in another dlstudio window).</source>
      <translation>自从你在这里打开或保存 %1 以来，磁盘上的这个文件被改动过（可能是在另一个 dlstudio 窗口中）。</translation>
    </message>
    <message>
      <source>Saving here replaces those changes. Save as... keeps both; Cancel saves nothing.</source>
      <translation>在这里保存会替换那些改动。选择“另存为...”可以两者都保留；选择“取消”则不保存。</translation>
    </message>
    <message>
      <source>Replace it</source>
      <translation>替换它</translation>
    </message>
    <message>
      <source>Save as...</source>
      <translation>另存为...</translation>
    </message>
    <message>
      <source>Open in another window</source>
      <translation>已在另一个窗口中打开</translation>
    </message>
    <message>
      <source>%1 is open in another dlstudio window, with changes not saved there yet.</source>
      <translation>%1 已在另一个 dlstudio 窗口中打开，那里还有没保存的改动。</translation>
    </message>
    <message>
      <source>%1 is open in another dlstudio window.</source>
      <translation>%1 已在另一个 dlstudio 窗口中打开。</translation>
    </message>
    <message>
      <source>Opened here too, it is the file as last saved. When both windows save it, the later save replaces the other's work: to keep both, save one of them under another name.</source>
      <translation>在这里也打开的话，看到的是它上次保存时的内容。两个窗口都保存它时，后保存的会替换另一个窗口的工作：要两份都保留，请把其中一个用另一个名字保存。</translation>
    </message>
    <message>
      <source>Open anyway</source>
      <translation>仍然打开</translation>
    </message>
    <message>
      <source>Workspace not found</source>
      <translation>找不到工作区</translation>
    </message>
    <message>
      <source>%1 is no longer in %2: it was moved, renamed or deleted, or the drive it was on is not connected.</source>
      <translation>%1 已不在 %2 中：它被移动、改名或删除了，或者它所在的磁盘没有连接。</translation>
    </message>
    <message>
      <source>Look for it with Open a saved workspace..., or remove it from the list of recent workspaces.</source>
      <translation>可以用“打开保存的工作区...”找到它，或者把它从最近的工作区列表中移除。</translation>
    </message>
    <message>
      <source>Remove from the list</source>
      <translation>从列表中移除</translation>
    </message>
    <message>
      <source>Open a saved workspace...</source>
      <translation>打开保存的工作区...</translation>
    </message>
  </context>
  <context>
    <name>GradientChoice</name>
    <message>
      <source>signal reaching each layer (dL/dz)</source>
      <extracomment>the per-layer series the norm plot can show: (what, per value) -&gt; series name</extracomment>
      <translation>到达每一层的信号（dL/dz）</translation>
    </message>
    <message>
      <source>weight gradients (dL/dW)</source>
      <translation>权重梯度（dL/dW）</translation>
    </message>
    <message>
      <source>per value (RMS)</source>
      <translation>按每个值（均方根）</translation>
    </message>
    <message>
      <source>Root mean square: the typical size of one value, which does not grow with the layer's size. Off: the norm of the whole array, larger for wider layers.</source>
      <translation>均方根：单个值的典型大小，不随层的大小增长。关闭时显示整个数组的范数，层越宽范数越大。</translation>
    </message>
    <message>
      <source>dL/dz is the signal backpropagation delivers to a layer; dL/dW is that signal times the layer's input, the step the optimizer takes, and can hide a vanishing signal.</source>
      <translation>dL/dz 是反向传播送到某一层的信号；dL/dW 是这个信号乘以该层的输入，也就是优化器走的一步，它可能掩盖正在消失的信号。</translation>
    </message>
    <message>
      <source>Show</source>
      <translation>显示</translation>
    </message>
    <message>
      <source>Signal dL/dz reaching each layer</source>
      <translation>到达每一层的信号 dL/dz</translation>
    </message>
    <message>
      <source>dL/dz per value, RMS (log)</source>
      <translation>dL/dz 均方根（对数）</translation>
    </message>
    <message>
      <source>dL/dz, norm (log)</source>
      <translation>dL/dz，范数（对数）</translation>
    </message>
    <message>
      <source>Weight gradient dL/dW per layer</source>
      <translation>各层权重梯度 dL/dW</translation>
    </message>
    <message>
      <source>dL/dW per weight, RMS (log)</source>
      <translation>dL/dW 均方根（对数）</translation>
    </message>
    <message>
      <source>dL/dW, norm (log)</source>
      <translation>dL/dW，范数（对数）</translation>
    </message>
  </context>
  <context>
    <name>GradientsPanel</name>
    <message>
      <source>vanishing (&lt; 10⁻⁵)</source>
      <extracomment>gradient norms above this are shaded as exploding rule of thumb for a healthy update-to-weight ratio</extracomment>
      <translation>消失（&lt; 10⁻⁵）</translation>
    </message>
    <message>
      <source>exploding (&gt; 10²)</source>
      <translation>爆炸（&gt; 10²）</translation>
    </message>
    <message>
      <source>Start training to see how large each layer's gradients are.</source>
      <extracomment>least heights (pixels, grown in classroom mode) of the per-layer signal plot, the update/weight plot and each histogram: a shorter window scrolls the page instead of squeezing ten lines over ten decades into 70 pixels (walker6 W6-3, lesson 03 step 2) redraw work of one curve over time, in plot items (a long line on a gridded plot costs about two histograms' curves): the norm and ratio plots are repainted on separate ticks (series name, variant, layer) -&gt; [zeros' marker item, infinities' marker item, their plot, x of zeros, x of infinities] the bands' names and the rule of thumb in the right margins slot position -&gt; (layer name, the curve its legend entry shows) (variant, layer) -&gt; the slot position of that variant's layer the series the norm plot shows (``QUANTITIES``; older runs without dL/dz fall back to the weight gradient's norm) the controls choosing it (``plots/gradient_choice.py``); the note on its own line, below the controls</extracomment>
      <translation>开始训练即可看到每一层梯度的大小。</translation>
    </message>
    <message>
      <source>Update / weight ratio</source>
      <translation>更新量 / 权重 比值</translation>
    </message>
    <message>
      <source>step</source>
      <translation>步</translation>
    </message>
    <message>
      <source>ratio (log)</source>
      <translation>比值（对数）</translation>
    </message>
    <message>
      <source>rule of thumb ~10⁻³</source>
      <translation>经验值约 10⁻³</translation>
    </message>
    <message>
      <source>Weight-gradient (dL/dW) histograms now (share of values per bin)</source>
      <translation>当前权重梯度（dL/dW）直方图（每个区间所占比例）</translation>
    </message>
    <message>
      <source>Weight-gradient (dL/dW) histograms at step {step} (share of values per bin)</source>
      <translation>第 {step} 步的权重梯度（dL/dW）直方图（每个区间所占比例）</translation>
    </message>
    <message>
      <source>gradient</source>
      <translation>梯度</translation>
    </message>
  </context>
  <context>
    <name>HistoryTableWidget</name>
    <message>
      <source>Reuse</source>
      <translation>复用层数</translation>
    </message>
    <message>
      <source>Frozen</source>
      <translation>冻结</translation>
    </message>
    <message>
      <source>Cached</source>
      <translation>缓存</translation>
    </message>
    <message>
      <source>Head acc.</source>
      <translation>输出头准确率</translation>
    </message>
    <message>
      <source>Fine-tuned acc.</source>
      <translation>微调后准确率</translation>
    </message>
    <message>
      <source>Train s</source>
      <translation>训练秒数</translation>
    </message>
    <message>
      <source>Cache s</source>
      <translation>缓存秒数</translation>
    </message>
    <message>
      <source>yes</source>
      <extracomment>rows the table always has room for (a lesson step compares up to three runs; 2.5 rows showed at 1366x768: W10-11)</extracomment>
      <translation>是</translation>
    </message>
    <message>
      <source>no</source>
      <translation>否</translation>
    </message>
  </context>
  <context>
    <name>InputNoteWidget</name>
    <message>
      <source>The examples of %1 have shape %2, but the Input shape is %3: the network cannot train on them. Use their shape, or choose other data in the Data panel.</source>
      <extracomment>the data's example shape the note offers (None: the note is hidden)</extracomment>
      <translation>%1 的样本形状是 %2，但输入形状是 %3：网络无法用它们训练。请改用它们的形状，或在“数据”面板里选择别的数据。</translation>
    </message>
    <message>
      <source>Use %1</source>
      <translation>改用 %1</translation>
    </message>
    <message>
      <source>Set the Input shape to the data's (Ctrl+Z puts it back).</source>
      <translation>把输入形状设为数据的形状（Ctrl+Z 可撤销）。</translation>
    </message>
  </context>
  <context>
    <name>InsideViewsMixin</name>
    <message>
      <source>Filters of the chosen Conv2D layer (blue negative, red positive)</source>
      <translation>所选 Conv2D 层的滤波器（蓝色为负，红色为正）</translation>
    </message>
    <message>
      <source>Click a feature map to see it large.</source>
      <translation>点击一张特征图可放大查看。</translation>
    </message>
    <message>
      <source>this model provider cannot show layer outputs</source>
      <translation>此模型来源无法显示各层输出</translation>
    </message>
    <message>
      <source>This network has no Conv2D layer</source>
      <translation>此网络没有 Conv2D 层</translation>
    </message>
    <message>
      <source>input</source>
      <translation>输入</translation>
    </message>
  </context>
  <context>
    <name>InteropController</name>
    <message>
      <source>Export network</source>
      <extracomment>the QSettings key holding the TensorBoard folder ("" = off)</extracomment>
      <translation>导出网络</translation>
    </message>
    <message>
      <source>Which variant's network? It goes with the weights it has now.</source>
      <translation>导出哪个变体的网络？它会带着现在的权重一起导出。</translation>
    </message>
    <message>
      <source>Export network of variant {0}</source>
      <translation>导出变体 {0} 的网络</translation>
    </message>
    <message>
      <source>{0}: not trained yet (new random weights)</source>
      <translation>{0}：尚未训练（新的随机权重）</translation>
    </message>
    <message>
      <source>{0}: trained</source>
      <translation>{0}：已训练</translation>
    </message>
    <message>
      <source>ONNX model (*.onnx)</source>
      <translation>ONNX 模型 (*.onnx)</translation>
    </message>
    <message>
      <source>PyTorch module, weights in a .pt file beside it (*.py)</source>
      <translation>PyTorch 模块，权重存于同名 .pt 文件 (*.py)</translation>
    </message>
    <message>
      <source>Keras 3 model (*.keras)</source>
      <translation>Keras 3 模型 (*.keras)</translation>
    </message>
    <message>
      <source>Cannot export the network</source>
      <translation>无法导出网络</translation>
    </message>
    <message>
      <source>The network has problems; fix them in the layer stack first.</source>
      <translation>网络存在问题；请先在层列表中修正。</translation>
    </message>
    <message>
      <source>Exporting to {0}...</source>
      <translation>正在导出为 {0}...</translation>
    </message>
    <message>
      <source>with new random weights (not trained yet)</source>
      <translation>带着新的随机权重（尚未训练）</translation>
    </message>
    <message>
      <source>with the weights of step {0:,} (the moment the timeline shows)</source>
      <translation>带着第 {0:,} 步的权重（时间轴所示的时刻）</translation>
    </message>
    <message>
      <source>with its trained weights</source>
      <translation>带着训练好的权重</translation>
    </message>
    <message>
      <source>with its newest trained weights (step {0:,})</source>
      <translation>带着最新训练好的权重（第 {0:,} 步）</translation>
    </message>
    <message>
      <source>Exported the network of variant {0} {1}: {2}</source>
      <translation>已导出变体 {0} 的网络，{1}：{2}</translation>
    </message>
    <message>
      <source>Exported the network {0}: {1}</source>
      <translation>已导出网络，{0}：{1}</translation>
    </message>
    <message>
      <source>Open Keras model</source>
      <translation>打开 Keras 模型</translation>
    </message>
    <message>
      <source>Keras model (*.keras *.json)</source>
      <translation>Keras 模型 (*.keras *.json)</translation>
    </message>
    <message>
      <source>Cannot open the Keras model</source>
      <translation>无法打开 Keras 模型</translation>
    </message>
    <message>
      <source>Opened {0} with its trained weights ({1} layers): the pages show them, Start trains it on from them, Reset weights gives new random ones.</source>
      <translation>已打开 {0}，带着它训练好的权重（{1} 层）：各页面显示的就是这些权重；按“开始”会从它们出发接着训练，按“重置权重”则换成新的随机权重。</translation>
    </message>
    <message>
      <source>Opened {0}: {1} layers (the architecture only: Start trains it from new random weights)</source>
      <translation>已打开 {0}：{1} 层（只有网络结构：按“开始”会从新的随机权重开始训练）</translation>
    </message>
    <message>
      <source>Folder for TensorBoard logs</source>
      <translation>TensorBoard 日志文件夹</translation>
    </message>
    <message>
      <source>Runs are written for TensorBoard to {0}</source>
      <translation>训练记录将写入 TensorBoard 文件夹 {0}</translation>
    </message>
    <message>
      <source>TensorBoard logging is off</source>
      <translation>TensorBoard 记录已关闭</translation>
    </message>
  </context>
  <context>
    <name>LandscapePanel</name>
    <message>
      <source>Loss landscape</source>
      <extracomment>per studio variant: (step, weights) copies the window received, for the path per variant: (settings, finished LandscapeProgress) and the data it is computed on the landscapes shown (or being computed) are a lesson's: a lesson step asked for them, or they are of a lesson's demonstration run (``leave_lesson``)</extracomment>
      <translation>损失地形</translation>
    </message>
    <message>
      <source>loss</source>
      <translation>损失</translation>
    </message>
    <message>
      <source>Compute</source>
      <translation>计算</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <source>The training loss on a grid around the current weights (the white cross). Each random direction is scaled filter by filter to the size of the weights, so that sharp and flat minima of different networks can be compared (Li et al., 2018). The PCA plane holds the two directions in which the run's weights moved most; the red line is the run's path, from the white dot to the cross.</source>
      <translation>当前权重（白色十字）周围网格上的训练损失。每个随机方向都按滤波器逐个缩放到权重的大小，这样不同网络的尖锐极小值和平坦极小值才能相互比较（Li 等，2018）。PCA 平面由本次训练中权重变化最大的两个方向张成；红线是训练路径，从白点走到十字。</translation>
    </message>
    <message>
      <source>1st principal direction</source>
      <translation>第一主方向</translation>
    </message>
    <message>
      <source>2nd principal direction</source>
      <translation>第二主方向</translation>
    </message>
    <message>
      <source>step along a random direction</source>
      <translation>沿随机方向的步长</translation>
    </message>
    <message>
      <source>random direction 1</source>
      <translation>随机方向 1</translation>
    </message>
    <message>
      <source>random direction 2</source>
      <translation>随机方向 2</translation>
    </message>
    <message>
      <source>The landscape of every network will be computed as soon as the run ends.</source>
      <translation>训练结束后将立即计算每个网络的损失地形。</translation>
    </message>
    <message>
      <source>Weight snapshots of this run kept for the path: %1.</source>
      <translation>已为路径保存的本次训练权重快照：%1 个。</translation>
    </message>
    <message>
      <source>The data is not loaded yet: wait a moment and try again.</source>
      <translation>数据尚未加载完：请稍等片刻再试。</translation>
    </message>
    <message>
      <source>Computing the loss on the grid...</source>
      <translation>正在计算网格上的损失...</translation>
    </message>
    <message>
      <source>The network has a problem; fix it in the editor first.</source>
      <translation>网络有问题：请先在编辑器中修正。</translation>
    </message>
    <message>
      <source>The PCA plane needs a run: train for a while (at least 3 weight snapshots), then compute.</source>
      <translation>PCA 平面需要一次训练：先训练一会儿（至少 3 个权重快照），再计算。</translation>
    </message>
    <message>
      <source>Cancelled.</source>
      <translation>已取消。</translation>
    </message>
    <message>
      <source>The landscape could not be computed: %1</source>
      <translation>无法计算损失地形：%1</translation>
    </message>
  </context>
  <context>
    <name>LandscapeSettingsWidget</name>
    <message>
      <source>Random plane (2-D)</source>
      <extracomment>directions: random 2-D plane, random 1-D line, the run's principal plane</extracomment>
      <translation>随机平面（二维）</translation>
    </message>
    <message>
      <source>Random line (1-D)</source>
      <translation>随机直线（一维）</translation>
    </message>
    <message>
      <source>Plane of the run's path (PCA)</source>
      <translation>训练路径所在平面（PCA）</translation>
    </message>
    <message>
      <source>Network</source>
      <translation>网络</translation>
    </message>
    <message>
      <source>Directions</source>
      <translation>方向</translation>
    </message>
    <message>
      <source>Points per axis</source>
      <translation>每轴点数</translation>
    </message>
    <message>
      <source>Span</source>
      <translation>范围</translation>
    </message>
    <message>
      <source>Training examples</source>
      <translation>训练样本数</translation>
    </message>
    <message>
      <source>Seed</source>
      <translation>随机种子</translation>
    </message>
    <message>
      <source>How far the grid reaches: 1 moves every filter by as much again as its own size</source>
      <translation>网格延伸多远：1 表示把每个滤波器移动与其自身大小相同的距离</translation>
    </message>
  </context>
  <context>
    <name>LandscapeSummary</name>
    <message>
      <source>Loss at the centre %1, lowest on the grid %2 (%3 examples of %4).</source>
      <translation>中心处损失 %1，网格上最低 %2（%4 中的 %3 个样本）。</translation>
    </message>
    <message>
      <source>These are the data the network trained on; the Data panel shows other data now.</source>
      <translation>这是网络训练时所用的数据；数据面板现在显示的是其他数据。</translation>
    </message>
    <message>
      <source>This surface is flat: across the whole grid the loss changes by only %1 (highest minus lowest, %2% of the loss at the centre), so the gradient is nearly zero in every direction.</source>
      <translation>这是一个平坦的曲面：在整个网格上损失只变化 %1（最高减最低，是中心处损失的 %2%），因此各个方向上的梯度都几乎为零。</translation>
    </message>
    <message>
      <source>The plane holds %1% of the path's movement.</source>
      <translation>该平面包含路径 %1% 的移动。</translation>
    </message>
    <message>
      <source>The path starts at step %1, where the run was continued: its earlier steps came from a saved workspace, which keeps no weights along the way.</source>
      <translation>路径从第 %1 步开始，也就是继续训练的地方：更早的步骤来自保存的工作区，工作区不保留过程中的权重。</translation>
    </message>
  </context>
  <context>
    <name>LayerPaletteWidget</name>
    <message>
      <source>Double-click or press Enter to add after the selected layer (before it when it is the softmax or sigmoid output layer, and a Flatten before a selected Dense layer that needs it), or drag into the layer stack.</source>
      <extracomment>the keys that add the current entry, as a double-click does (listed in Help &gt; Keyboard shortcuts)</extracomment>
      <translation>双击或按回车键即可添加到所选层之后（所选的是 softmax 或 sigmoid 输出层时加在它前面；若所选的 Dense 层需要 Flatten，Flatten 也会加在它前面），也可以拖到层列表中。</translation>
    </message>
    <message>
      <source>Add %1 to the network</source>
      <translation>把 %1 添加到网络中</translation>
    </message>
  </context>
  <context>
    <name>LayerPropertiesWidget</name>
    <message>
      <source>Select a layer to see and change its settings.</source>
      <translation>选择一层以查看和修改其设置。</translation>
    </message>
  </context>
  <context>
    <name>LayerRowWidget</name>
    <message>
      <source>%1 params</source>
      <extracomment>the pre-flight check's verdict for this layer (hidden until a check ran) (step, problem) the newest run found here (``trained_state``); the step alone when it found none; None before any run of this network trained</extracomment>
      <translation>%1 个参数</translation>
    </message>
    <message>
      <source>frozen</source>
      <translation>已冻结</translation>
    </message>
    <message>
      <source>before training: %1</source>
      <translation>训练前：%1</translation>
    </message>
    <message>
      <source>Pre-flight check: the signal dL/dz reaching this layer relative to the last hidden layer's, before any training step</source>
      <translation>训练前检查：到达这一层的信号 dL/dz 相对于最后一个隐藏层的大小（尚未训练任何一步）</translation>
    </message>
    <message>
      <source>%1 dead</source>
      <translation>%1 死亡</translation>
    </message>
    <message>
      <source>%1 saturated</source>
      <translation>%1 饱和</translation>
    </message>
    <message>
      <source>after step %1: %2</source>
      <translation>第 %1 步后：%2</translation>
    </message>
    <message>
      <source>The run's newest measurement of this layer: the share of its units that no longer respond (dead: output 0 for every example; saturated: stuck at a limit of sigmoid or tanh)</source>
      <translation>训练中对这一层最新的一次测量：不再有响应的神经元所占的比例（死亡：对每个样本都输出 0；饱和：卡在 sigmoid 或 tanh 的极限值上）</translation>
    </message>
  </context>
  <context>
    <name>LayerStackWidget</name>
    <message>
      <source>Delete layer</source>
      <extracomment>what the newest run of the network found in its layers (``set_trained``) moving without drag and drop (a touchpad or a projector makes dragging hard)</extracomment>
      <translation>删除层</translation>
    </message>
    <message>
      <source>Duplicate layer</source>
      <translation>复制层</translation>
    </message>
    <message>
      <source>Move layer up</source>
      <translation>上移该层</translation>
    </message>
    <message>
      <source>Move the selected layer one place up, towards the input (Alt+Up)</source>
      <translation>把所选层向上移一位，靠近输入（Alt+↑）</translation>
    </message>
    <message>
      <source>Move layer down</source>
      <translation>下移该层</translation>
    </message>
    <message>
      <source>Move the selected layer one place down, towards the output (Alt+Down)</source>
      <translation>把所选层向下移一位，靠近输出（Alt+↓）</translation>
    </message>
    <message>
      <source>The layers from input (top) to output (bottom). Drag, or Alt+Up / Alt+Down, to reorder; right-click to move, duplicate or delete.</source>
      <translation>从输入（顶部）到输出（底部）的各层。拖动或按 Alt+↑ / Alt+↓ 可调整顺序；右键可移动、复制或删除。</translation>
    </message>
    <message>
      <source>Network</source>
      <translation>网络</translation>
    </message>
  </context>
  <context>
    <name>LayerTableWidget</name>
    <message>
      <source>Layer</source>
      <translation>层</translation>
    </message>
    <message>
      <source>Type</source>
      <translation>类型</translation>
    </message>
    <message>
      <source>Output</source>
      <translation>输出</translation>
    </message>
    <message>
      <source>Parameters</source>
      <translation>参数</translation>
    </message>
    <message>
      <source>Frozen</source>
      <translation>冻结</translation>
    </message>
    <message>
      <source>dropped: replaced by the new head</source>
      <extracomment>rows whose layer the fine-tuning phase unfreezes (``set_fine_tuned``)</extracomment>
      <translation>已丢弃：由新的输出头替代</translation>
    </message>
    <message>
      <source>new head</source>
      <translation>新的输出头</translation>
    </message>
    <message>
      <source>tuned</source>
      <translation>微调</translation>
    </message>
    <message>
      <source>Frozen while the new head trains, then unfrozen and fine-tuned (Then fine-tune: Unfreeze top layers)</source>
      <translation>训练新的输出头时冻结，之后解冻并微调（“然后微调”中的“解冻顶部层数”）</translation>
    </message>
  </context>
  <context>
    <name>LessonRunsMixin</name>
    <message>
      <source>The lesson step's comparison is training in the background; its runs appear here when it ends.</source>
      <extracomment>the source is a lesson step's (``set_source(..., from_lesson=True)``) and the student has not trained from it: it goes, with the runs the step showed, when the student moves to another lesson (``leave_lesson``) the table and the plot show a lesson step's runs (``show_lesson_runs``) the status sentence says a lesson step's runs are coming (``lesson_runs_coming``; any other sentence puts it back to False)</extracomment>
      <translation>课程这一步的对比正在后台训练；结束后它的各次训练会显示在这里。</translation>
    </message>
  </context>
  <context>
    <name>LessonSettingsNoteWidget</name>
    <message>
      <source>Restore my settings</source>
      <translation>恢复我的设置</translation>
    </message>
    <message>
      <source>Put back the training settings you had before the lesson's steps set theirs</source>
      <translation>恢复课程步骤改动之前你自己的训练设置</translation>
    </message>
    <message>
      <source>Dismiss</source>
      <translation>不再提示</translation>
    </message>
    <message>
      <source>Keep the settings in use and hide this note</source>
      <translation>保留正在使用的设置，并隐藏这条提示</translation>
    </message>
    <message>
      <source>%1 set these training settings; they stay until you change them.</source>
      <translation>这些训练设置是%1设的；在你修改之前会一直保留。</translation>
    </message>
    <message>
      <source>You changed the training settings that %1 set. Your settings from before the lessons can still be restored.</source>
      <translation>你修改了%1设的训练设置。上课之前你自己的设置仍然可以恢复。</translation>
    </message>
  </context>
  <context>
    <name>MainWindow</name>
    <message>
      <source>Loading the panels...</source>
      <extracomment>the dock columns get their widths back when the window grows again (W19-7) the dock layout is saved as it changes: a crash keeps it too (W19-8)</extracomment>
      <translation>正在加载面板...</translation>
    </message>
    <message>
      <source>Network</source>
      <translation>网络</translation>
    </message>
    <message>
      <source>Data</source>
      <translation>数据</translation>
    </message>
    <message>
      <source>Training</source>
      <translation>训练</translation>
    </message>
    <message>
      <source>Compare</source>
      <translation>对比</translation>
    </message>
    <message>
      <source>Search</source>
      <translation>超参数搜索</translation>
    </message>
    <message>
      <source>Transfer</source>
      <translation>迁移学习</translation>
    </message>
    <message>
      <source>Optimizer playground</source>
      <translation>优化器游乐场</translation>
    </message>
    <message>
      <source>Plots</source>
      <translation>图表</translation>
    </message>
    <message>
      <source>The live plots appear here.</source>
      <translation>实时图表显示在这里。</translation>
    </message>
    <message>
      <source>Something to fix</source>
      <translation>需要修改的地方</translation>
    </message>
    <message>
      <source>Stopping the training before closing...</source>
      <extracomment>how long (ms) in all a window the system ends waits for its work to stop (its run to end, the background jobs' threads to join) before it closes: a logout or ``kill`` expects the end within seconds. The session is saved either way; work that cannot be interrupted (a kernel compiling on a cold Numba cache, the step debugger's first float64 trace) is left behind and ``app.run`` exits without it. It waited up to 15 s for each busy worker (measured: 15 s idle on a cold cache, 45 s training on the window's thread, 22 s with the step debugger tracing). "Stop it and quit?" was answered: close on its own closes the window once the run has ended (or after ``CLOSE_WAIT_MS``) the system ends the window: no questions when (``time.monotonic``) the system's end stops waiting for work (``wait_left_ms``)</extracomment>
      <translation>关闭前正在停止训练...</translation>
    </message>
    <message>
      <source>%1 Stop it and quit?</source>
      <translation>%1要停止它并退出吗？</translation>
    </message>
    <message>
      <source>Its results are not kept: a workspace does not hold them, so they are gone when dlstudio closes. Cancel keeps it running.</source>
      <translation>它的结果不会保留：工作区不保存这些结果，dlstudio 关闭后它们就没有了。选择“取消”则继续运行。</translation>
    </message>
    <message>
      <source>&amp;%1 %2 — %3</source>
      <translation>&amp;%1 %2 — %3</translation>
    </message>
    <message>
      <source>%1 (file not found)</source>
      <translation>%1（找不到文件）</translation>
    </message>
    <message>
      <source>No recent workspaces</source>
      <translation>没有最近使用的工作区</translation>
    </message>
    <message>
      <source>Previous session (autosaved at %1)</source>
      <translation>上次的会话（自动保存于 %1）</translation>
    </message>
    <message>
      <source>The session dlstudio kept when it last started without it (with a workspace file, a preset or --fresh)</source>
      <translation>dlstudio 上次启动时没有恢复而保留下来的会话（启动时给了工作区文件、预设或 --fresh）</translation>
    </message>
    <message>
      <source>Clear list</source>
      <translation>清除列表</translation>
    </message>
    <message>
      <source>A new dlstudio window is starting; it opens with a fresh workspace (this window keeps your session).</source>
      <translation>新的 dlstudio 窗口正在启动；它会以一个全新的工作区打开（这个窗口保留你的会话）。</translation>
    </message>
    <message>
      <source>A new dlstudio window could not be started.</source>
      <translation>无法启动新的 dlstudio 窗口。</translation>
    </message>
    <message>
      <source>&amp;File</source>
      <translation>文件(&amp;F)</translation>
    </message>
    <message>
      <source>&amp;Edit</source>
      <translation>编辑(&amp;E)</translation>
    </message>
    <message>
      <source>&amp;Run</source>
      <translation>运行(&amp;R)</translation>
    </message>
    <message>
      <source>&amp;View</source>
      <translation>视图(&amp;V)</translation>
    </message>
    <message>
      <source>&amp;Help</source>
      <translation>帮助(&amp;H)</translation>
    </message>
    <message>
      <source>New workspace</source>
      <translation>新建工作区</translation>
    </message>
    <message>
      <source>Open workspace...</source>
      <translation>打开工作区...</translation>
    </message>
    <message>
      <source>New window</source>
      <translation>新建窗口</translation>
    </message>
    <message>
      <source>Save workspace</source>
      <translation>保存工作区</translation>
    </message>
    <message>
      <source>Save workspace as...</source>
      <translation>工作区另存为...</translation>
    </message>
    <message>
      <source>Open network JSON...</source>
      <translation>打开网络 JSON...</translation>
    </message>
    <message>
      <source>Save network JSON...</source>
      <translation>保存网络 JSON...</translation>
    </message>
    <message>
      <source>Save trained network (.dlsnet)...</source>
      <translation>保存训练好的网络（.dlsnet）...</translation>
    </message>
    <message>
      <source>Export run metrics (CSV)...</source>
      <translation>导出运行指标（CSV）...</translation>
    </message>
    <message>
      <source>Open Keras model...</source>
      <translation>打开 Keras 模型...</translation>
    </message>
    <message>
      <source>Export network to PyTorch, Keras or ONNX...</source>
      <translation>将网络导出为 PyTorch、Keras 或 ONNX...</translation>
    </message>
    <message>
      <source>Write TensorBoard logs...</source>
      <translation>写入 TensorBoard 日志...</translation>
    </message>
    <message>
      <source>Train in a separate process</source>
      <translation>在单独的进程中训练</translation>
    </message>
    <message>
      <source>Quit</source>
      <translation>退出</translation>
    </message>
    <message>
      <source>Undo network edit</source>
      <translation>撤销网络编辑</translation>
    </message>
    <message>
      <source>Redo network edit</source>
      <translation>重做网络编辑</translation>
    </message>
    <message>
      <source>Classroom mode</source>
      <translation>课堂模式</translation>
    </message>
    <message>
      <source>Light</source>
      <translation>浅色</translation>
    </message>
    <message>
      <source>Dark</source>
      <translation>深色</translation>
    </message>
    <message>
      <source>Keyboard shortcuts</source>
      <translation>键盘快捷键</translation>
    </message>
    <message>
      <source>About dlstudio</source>
      <translation>关于 dlstudio</translation>
    </message>
    <message>
      <source>Lesson layout</source>
      <translation>课程布局</translation>
    </message>
    <message>
      <source>Lessons and start page...</source>
      <translation>课程与起始页...</translation>
    </message>
    <message>
      <source>Tour of the window</source>
      <translation>窗口导览</translation>
    </message>
    <message>
      <source>Standard layout</source>
      <translation>标准布局</translation>
    </message>
    <message>
      <source>Next plot page</source>
      <translation>下一个图表页</translation>
    </message>
    <message>
      <source>Previous plot page</source>
      <translation>上一个图表页</translation>
    </message>
    <message>
      <source>The lesson text beside the plots; the other panels become tabs next to it</source>
      <translation>课程文字放在图表旁边；其他面板成为它旁边的标签页</translation>
    </message>
    <message>
      <source>Network editor on the left, plots in the middle, settings on the right</source>
      <translation>左边是网络编辑器，中间是图表，右边是设置</translation>
    </message>
    <message>
      <source>The network with its trained weights, for Draw a digit, Transfer or the terminal (dlstudio evaluate)</source>
      <translation>网络连同训练好的权重，可用于手写数字、迁移学习或终端（dlstudio evaluate）</translation>
    </message>
    <message>
      <source>Larger text and thicker lines for a projector</source>
      <translation>更大的文字和更粗的线条，适合投影</translation>
    </message>
    <message>
      <source>Runs train in a process of their own, so that drawing the plots does not slow them down</source>
      <translation>训练在单独的进程中运行，绘制图表不会拖慢训练</translation>
    </message>
    <message>
      <source>Open recent</source>
      <translation>最近打开</translation>
    </message>
    <message>
      <source>Theme</source>
      <translation>主题</translation>
    </message>
    <message>
      <source>Language</source>
      <translation>语言</translation>
    </message>
    <message>
      <source>Panels</source>
      <translation>面板</translation>
    </message>
    <message>
      <source>idle</source>
      <extracomment>the status line says an error (it goes when the settings change)</extracomment>
      <translation>空闲</translation>
    </message>
    <message>
      <source>preparing</source>
      <translation>准备中</translation>
    </message>
    <message>
      <source>running</source>
      <translation>运行中</translation>
    </message>
    <message>
      <source>paused</source>
      <translation>已暂停</translation>
    </message>
    <message>
      <source>finished</source>
      <translation>已完成</translation>
    </message>
    <message>
      <source>stopped</source>
      <translation>已停止</translation>
    </message>
    <message>
      <source>diverged</source>
      <translation>已发散</translation>
    </message>
    <message>
      <source>failed</source>
      <translation>失败</translation>
    </message>
    <message>
      <source>checking a lesson step</source>
      <translation>正在检查课程步骤</translation>
    </message>
    <message>
      <source>untitled</source>
      <translation>未命名</translation>
    </message>
    <message>
      <source> (second window)</source>
      <translation>（第二个窗口）</translation>
    </message>
    <message>
      <source>%1[*]%2 — dlstudio</source>
      <translation>%1[*]%2 — dlstudio</translation>
    </message>
  </context>
  <context>
    <name>MistakesViewsMixin</name>
    <message>
      <source>Evaluating the network on {0} validation images...</source>
      <extracomment>a page wider than this many times its height puts the mistakes beside the matrix the time one evaluation piece may take (0: pieces of ``EVAL_CHUNK`` samples)</extracomment>
      <translation>正在用 {0} 张验证图像评估网络...</translation>
    </message>
    <message>
      <source>Waiting for the network...</source>
      <translation>正在等待网络...</translation>
    </message>
    <message>
      <source>Cannot evaluate the network on this data: {0}</source>
      <translation>无法在此数据上评估网络：{0}</translation>
    </message>
    <message>
      <source>Evaluated {0} of {1} validation images...</source>
      <translation>已评估 {0} / {1} 张验证图像...</translation>
    </message>
    <message>
      <source>Misclassified samples (true → predicted)</source>
      <translation>分类错误的样本（真实 → 预测）</translation>
    </message>
    <message>
      <source>Confusion matrix ({0} samples)</source>
      <translation>混淆矩阵（{0} 个样本）</translation>
    </message>
    <message>
      <source>Confusion matrix ({0} of the {1} validation samples)</source>
      <translation>混淆矩阵（{0} 个，取自 {1} 个验证样本）</translation>
    </message>
    <message>
      <source>Confusion matrix (all {0} validation samples)</source>
      <translation>混淆矩阵（全部 {0} 个验证样本）</translation>
    </message>
    <message>
      <source>No mistakes in this sample</source>
      <translation>此样本中没有错误</translation>
    </message>
  </context>
  <context>
    <name>NetworkCannotRun</name>
    <message>
      <source>This network cannot run ({0}): fix it in the Network panel, then train it.</source>
      <translation>这个网络无法运行（{0}）：请在“网络”面板中修正它，然后再训练。</translation>
    </message>
  </context>
  <context>
    <name>NetworkDiagramWidget</name>
    <message>
      <source>input</source>
      <translation>输入</translation>
    </message>
  </context>
  <context>
    <name>NetworkEditorPanel</name>
    <message>
      <source>Preset</source>
      <extracomment>the data's examples have another shape: said, with a button that matches them shown while a run trains the network as it was before the student's edits move the selected layer without drag and drop (the stack's actions: text, tip, state); made before the check button below them, as Tab goes in the order widgets are made: list, Up, Down, Check (Up and Down came after Check: walker33 W33-14) runs the pre-flight check; its verdict shows on the layers until the network changes the table of the network chosen above it (A unless the student picks a variant)</extracomment>
      <translation>预设</translation>
    </message>
    <message>
      <source>Undo network edit (Ctrl+Z)</source>
      <translation>撤销网络编辑 (Ctrl+Z)</translation>
    </message>
    <message>
      <source>Redo network edit (Ctrl+Shift+Z)</source>
      <translation>重做网络编辑 (Ctrl+Shift+Z)</translation>
    </message>
    <message>
      <source>Input shape</source>
      <translation>输入形状</translation>
    </message>
    <message>
      <source>The size of one example: [2] for points in the plane, [28, 28, 1] for a grey 28x28 image.</source>
      <translation>单个样本的尺寸：平面上的点为 [2]，28x28 的灰度图像为 [28, 28, 1]。</translation>
    </message>
    <message>
      <source>Layer settings</source>
      <translation>层设置</translation>
    </message>
    <message>
      <source>Whole network</source>
      <translation>整个网络</translation>
    </message>
    <message>
      <source>Summary</source>
      <translation>摘要</translation>
    </message>
    <message>
      <source>Diagram</source>
      <translation>结构图</translation>
    </message>
    <message>
      <source>Layer kinds: double-click one, press Enter on it, or drag it into the stack on the right.</source>
      <translation>层的种类：双击、按回车键或拖到右侧的层列表中。</translation>
    </message>
    <message>
      <source>Check before training</source>
      <translation>训练前检查</translation>
    </message>
    <message>
      <source>Up</source>
      <translation>上移</translation>
    </message>
    <message>
      <source>Down</source>
      <translation>下移</translation>
    </message>
    <message>
      <source>One forward and backward pass at the initial weights: does the gradient reach every layer (healthy), shrink (vanishing) or grow (exploding)? Are units dead or saturated? The verdict stays on the layers until the network changes.</source>
      <translation>在初始权重上做一次前向和反向传播：梯度是否到达每一层（健康）、逐层缩小（梯度消失）还是逐层增大（梯度爆炸）？是否有死亡或饱和的单元？结论会一直显示在各层上，直到网络被修改。</translation>
    </message>
    <message>
      <source>The run in progress keeps training the network as it was when it started; your edits are for the next run (press Start again when it ends).</source>
      <translation>正在进行的训练仍按开始时的网络继续训练；你的修改用于下一次训练（训练结束后再按“开始”）。</translation>
    </message>
    <message>
      <source>The plots show the network the last run trained; press Start to train the network as you edited it.</source>
      <translation>图表显示的是上一次训练的网络；按“开始”即可训练你修改后的网络。</translation>
    </message>
    <message>
      <source>⚠ The input shape must be whole numbers separated by commas, e.g. 28, 28, 1: “%1” is not; the network keeps %2</source>
      <extracomment>the largest share of the panel's height the tabs take to show the whole summary</extracomment>
      <translation>⚠ 输入形状必须是用逗号分隔的整数，例如 28, 28, 1：“%1”不是；网络仍使用 %2</translation>
    </message>
  </context>
  <context>
    <name>NetworkSummaryWidget</name>
    <message>
      <source>Network of</source>
      <translation>显示网络</translation>
    </message>
    <message>
      <source>A is the network you edit; B, C and D are comparison variants with networks of their own (change them in the Compare panel).</source>
      <translation>A 是你正在编辑的网络；B、C、D 是拥有各自网络的对比变体（在“对比”面板中修改它们）。</translation>
    </message>
    <message>
      <source>the network you edit</source>
      <translation>你正在编辑的网络</translation>
    </message>
    <message>
      <source>%1: %2</source>
      <translation>%1：%2</translation>
    </message>
    <message>
      <source>This table shows %1's network; the layer list above is %2's, the network you edit.</source>
      <translation>这张表显示的是 %1 的网络；上方的层列表是 %2 的，也就是你编辑的网络。</translation>
    </message>
  </context>
  <context>
    <name>NetworkTogglesWidget</name>
    <message>
      <source>This network has no hidden layer: these switches change hidden layers only. Add a layer before the output layer to use them.</source>
      <extracomment>said when the network has no hidden layer, whose switches then are grey (walker30: a network of one Dense layer showed "Linear (none)" and live check boxes)</extracomment>
      <translation>这个网络没有隐藏层：这些开关只改变隐藏层。先在输出层之前添加一层，才能使用它们。</translation>
    </message>
    <message>
      <source>Activation</source>
      <translation>激活函数</translation>
    </message>
    <message>
      <source>Initializer</source>
      <translation>初始化方法</translation>
    </message>
    <message>
      <source>Set on all hidden layers</source>
      <translation>应用到所有隐藏层</translation>
    </message>
    <message>
      <source>Use this activation in every hidden layer (the output layer keeps its own).</source>
      <translation>在每个隐藏层使用此激活函数（输出层保持不变）。</translation>
    </message>
    <message>
      <source>Initialize the weights of every hidden layer this way, e.g. Glorot for tanh, He for ReLU.</source>
      <translation>用此方法初始化每个隐藏层的权重，例如 tanh 用 Glorot，ReLU 用 He。</translation>
    </message>
    <message>
      <source>Normalizes each hidden layer's weighted sums over the mini-batch, before the activation (the layer drops its bias: batch norm's beta replaces it). Keeps activations in a healthy range and lets deep networks train faster.</source>
      <translation>在激活函数之前，在小批量上对每个隐藏层的加权和做归一化（该层去掉偏置：由批归一化的 beta 代替）。让激活值保持在合适的范围内，使深层网络训练得更快。</translation>
    </message>
    <message>
      <source>Randomly switches off this fraction of units during training so the network cannot rely on any one of them: a regularizer against overfitting.</source>
      <translation>训练时随机关闭这一比例的神经元，使网络不能依赖其中任何一个：一种对抗过拟合的正则化方法。</translation>
    </message>
    <message>
      <source>Batch normalization after every hidden layer</source>
      <translation>在每个隐藏层之后加入批归一化</translation>
    </message>
    <message>
      <source>Batch normalization after every hidden layer (now %1 of %2)</source>
      <translation>在每个隐藏层之后加入批归一化（目前 %2 层中的 %1 层）</translation>
    </message>
    <message>
      <source>Dropout after every hidden Dense layer, rate</source>
      <translation>在每个隐藏的 Dense 层之后加入 Dropout，比例</translation>
    </message>
    <message>
      <source>Dropout after every hidden Dense layer (now %1 of %2), rate</source>
      <translation>在每个隐藏的 Dense 层之后加入 Dropout（目前 %2 层中的 %1 层），比例</translation>
    </message>
  </context>
  <context>
    <name>OtherDataNoteWidget</name>
    <message>
      <source>%1 with other data settings</source>
      <translation>%1（数据设置不同）</translation>
    </message>
    <message>
      <source>Other data:</source>
      <translation>其他数据：</translation>
    </message>
    <message>
      <source>these results were computed on %1; the data is now %2. The next round clears them and searches on the data as it is now.</source>
      <translation>这些结果是在“%1”上算出的；现在的数据是“%2”。下一组搜索会先清除它们，再在当前数据上搜索。</translation>
    </message>
    <message>
      <source>Clear results</source>
      <translation>清除结果</translation>
    </message>
  </context>
  <context>
    <name>OutcomePanel</name>
    <message>
      <source>The network was changed after the run and is not trained yet: these predictions come from its new random weights, not from the run. Press Start to train it.</source>
      <extracomment>one piece per tick: a boundary, a feature-map view or a chunk of image predictions a new layout shows at once, its first evaluation follows over the next ticks how many samples ``set_dataset`` was given (``x`` holds at most ``MAX_EVAL``) whether this layout has shown a complete evaluation yet (until then every chunk's predictions are shown as they arrive, so the page is useful at once) a view a lesson asked for (``select_view``) that the Show box cannot offer yet above the plots: the network drawn is not the run's trained one (``set_untrained``)</extracomment>
      <translation>网络在运行之后改动过，还没有训练：这些预测来自它新的随机权重，而不是那次运行。按“开始”训练它。</translation>
    </message>
    <message>
      <source>Show</source>
      <translation>显示</translation>
    </message>
    <message>
      <source>What to show about the trained network</source>
      <translation>要显示训练后网络的哪些内容</translation>
    </message>
    <message>
      <source>Unit</source>
      <translation>神经元</translation>
    </message>
    <message>
      <source>Which unit (neuron) of the chosen layer to map</source>
      <translation>要绘制所选层的哪个神经元</translation>
    </message>
    <message>
      <source>Variant</source>
      <translation>变体</translation>
    </message>
    <message>
      <source>Which variant of the comparison to look inside</source>
      <translation>要查看对比中的哪个变体</translation>
    </message>
    <message>
      <source>Conv layer</source>
      <translation>卷积层</translation>
    </message>
    <message>
      <source>The convolution layer whose filters are shown</source>
      <translation>显示其滤波器的卷积层</translation>
    </message>
    <message>
      <source>Image #</source>
      <translation>图像编号</translation>
    </message>
    <message>
      <source>Which input image to send through the network</source>
      <translation>要送入网络的输入图像</translation>
    </message>
    <message>
      <source>Start training to see what the network has learned: the decision boundary for 2-D data, the confusion matrix and mistakes for images.</source>
      <translation>开始训练即可看到网络学到了什么：二维数据的决策边界，图像数据的混淆矩阵和错误样本。</translation>
    </message>
    <message>
      <source>Prediction</source>
      <translation>预测</translation>
    </message>
    <message>
      <source>Units of {0}</source>
      <translation>{0} 的神经元</translation>
    </message>
    <message>
      <source>Mistakes</source>
      <translation>错误样本</translation>
    </message>
    <message>
      <source>Inside the network</source>
      <translation>网络内部</translation>
    </message>
    <message>
      <source>Waiting for the network...</source>
      <translation>正在等待网络...</translation>
    </message>
    <message>
      <source>Cannot evaluate the network on this data: {0}</source>
      <translation>无法在此数据上评估网络：{0}</translation>
    </message>
    <message>
      <source>The network takes inputs of shape {0}, the data shown has {1}: waiting for the two to match.</source>
      <translation>网络的输入形状是 {0}，而显示的数据是 {1}：等待两者一致。</translation>
    </message>
    <message>
      <source>predicted class</source>
      <extracomment>... when the mistakes stand beside the confusion matrix (half the width, all the height) most feature-map plots side by side before they wrap onto a new row</extracomment>
      <translation>预测类别</translation>
    </message>
    <message>
      <source>true class</source>
      <translation>真实类别</translation>
    </message>
  </context>
  <context>
    <name>OwnWork</name>
    <message>
      <source>The lesson step replaced the changes you made while following the lesson (they were in no file).</source>
      <extracomment>the parts of the session the student's own work is in the lesson whose step was applied last (its changes were a demonstration), and the parts the student changed since while it is still open</extracomment>
      <translation>这一课的步骤替换了你跟着课程所做的改动（它们没有保存在任何文件中）。</translation>
    </message>
  </context>
  <context>
    <name>PagePlaceholderMixin</name>
    <message>
      <source>Start training to see these plots.</source>
      <extracomment>while a run is under way and has sent this page nothing yet, the placeholder says so (``set_run_starting``; False: the page's own placeholder stays, e.g. Units, whose data needs a layer chosen before Start) "Drawing the plots..." on a page shown with plots still to build (``showEvent``)</extracomment>
      <translation>开始训练即可看到这些图表。</translation>
    </message>
    <message>
      <source>The run is starting: these plots appear with its first measurements.</source>
      <translation>训练正在开始：这些图会随第一批测量结果出现。</translation>
    </message>
  </context>
  <context>
    <name>Param</name>
    <message>
      <source>(mixed)</source>
      <extracomment>the member that no value means, when the registry names one ("none" is an alias of the linear activation): it stands for None, with no "(none)" item of its own beside it (walker14 W14-12: "(none)" and "Linear (none)")</extracomment>
      <translation>（不一致）</translation>
    </message>
    <message>
      <source>(none)</source>
      <translation>（无）</translation>
    </message>
    <message>
      <source>rotation (degrees)</source>
      <translation>旋转（度）</translation>
    </message>
    <message>
      <source>horizontal shift</source>
      <translation>水平平移</translation>
    </message>
    <message>
      <source>vertical shift</source>
      <translation>垂直平移</translation>
    </message>
    <message>
      <source>zoom</source>
      <translation>缩放</translation>
    </message>
    <message>
      <source>shear (degrees)</source>
      <translation>剪切（度）</translation>
    </message>
    <message>
      <source>flip horizontally</source>
      <translation>水平翻转</translation>
    </message>
    <message>
      <source>brightness</source>
      <translation>亮度</translation>
    </message>
    <message>
      <source>noise</source>
      <translation>噪声</translation>
    </message>
    <message>
      <source>n samples</source>
      <translation>样本数</translation>
    </message>
    <message>
      <source>n classes</source>
      <translation>类别数</translation>
    </message>
    <message>
      <source>dims</source>
      <translation>维数</translation>
    </message>
    <message>
      <source>path</source>
      <translation>路径</translation>
    </message>
    <message>
      <source>download</source>
      <translation>下载</translation>
    </message>
    <message>
      <source>height</source>
      <translation>高度</translation>
    </message>
    <message>
      <source>width</source>
      <translation>宽度</translation>
    </message>
    <message>
      <source>channels</source>
      <translation>通道数</translation>
    </message>
    <message>
      <source>label column</source>
      <translation>标签列</translation>
    </message>
    <message>
      <source>task</source>
      <translation>任务</translation>
    </message>
    <message>
      <source>alpha</source>
      <translation>alpha</translation>
    </message>
    <message>
      <source>value</source>
      <translation>值</translation>
    </message>
    <message>
      <source>mean</source>
      <translation>均值</translation>
    </message>
    <message>
      <source>stddev</source>
      <translation>标准差</translation>
    </message>
    <message>
      <source>minval</source>
      <translation>最小值</translation>
    </message>
    <message>
      <source>maxval</source>
      <translation>最大值</translation>
    </message>
    <message>
      <source>scale</source>
      <translation>缩放</translation>
    </message>
    <message>
      <source>mode</source>
      <translation>模式</translation>
    </message>
    <message>
      <source>distribution</source>
      <translation>分布</translation>
    </message>
    <message>
      <source>seed</source>
      <translation>随机种子</translation>
    </message>
    <message>
      <source>units</source>
      <translation>神经元数</translation>
    </message>
    <message>
      <source>activation</source>
      <translation>激活函数</translation>
    </message>
    <message>
      <source>use bias</source>
      <translation>使用偏置</translation>
    </message>
    <message>
      <source>weight initializer</source>
      <translation>权重初始化</translation>
    </message>
    <message>
      <source>bias initializer</source>
      <translation>偏置初始化</translation>
    </message>
    <message>
      <source>weight penalty</source>
      <translation>权重惩罚</translation>
    </message>
    <message>
      <source>weight constraint</source>
      <translation>权重约束</translation>
    </message>
    <message>
      <source>trainable</source>
      <translation>可训练</translation>
    </message>
    <message>
      <source>name</source>
      <translation>名称</translation>
    </message>
    <message>
      <source>filters</source>
      <translation>滤波器数</translation>
    </message>
    <message>
      <source>kernel size</source>
      <translation>卷积核大小</translation>
    </message>
    <message>
      <source>strides</source>
      <translation>步幅</translation>
    </message>
    <message>
      <source>padding</source>
      <translation>填充</translation>
    </message>
    <message>
      <source>pool size</source>
      <translation>池化窗口</translation>
    </message>
    <message>
      <source>rate</source>
      <translation>比例</translation>
    </message>
    <message>
      <source>momentum</source>
      <translation>动量</translation>
    </message>
    <message>
      <source>epsilon</source>
      <translation>小常数 ε（防止除以零）</translation>
    </message>
    <message>
      <source>center</source>
      <translation>中心化</translation>
    </message>
    <message>
      <source>beta initializer</source>
      <translation>beta 初始化</translation>
    </message>
    <message>
      <source>gamma initializer</source>
      <translation>gamma 初始化</translation>
    </message>
    <message>
      <source>from logits</source>
      <translation>输入为 logits</translation>
    </message>
    <message>
      <source>learning rate</source>
      <translation>学习率</translation>
    </message>
    <message>
      <source>nesterov</source>
      <translation>Nesterov</translation>
    </message>
    <message>
      <source>initial accumulator</source>
      <translation>累加器初值</translation>
    </message>
    <message>
      <source>rho</source>
      <translation>衰减率 ρ</translation>
    </message>
    <message>
      <source>centered</source>
      <translation>中心化</translation>
    </message>
    <message>
      <source>beta 1</source>
      <translation>beta 1</translation>
    </message>
    <message>
      <source>beta 2</source>
      <translation>beta 2</translation>
    </message>
    <message>
      <source>amsgrad</source>
      <translation>AMSGrad</translation>
    </message>
    <message>
      <source>learning rate power</source>
      <translation>学习率指数</translation>
    </message>
    <message>
      <source>L1</source>
      <translation>L1</translation>
    </message>
    <message>
      <source>L2</source>
      <translation>L2</translation>
    </message>
    <message>
      <source>L2 shrinkage</source>
      <translation>L2 收缩</translation>
    </message>
    <message>
      <source>beta</source>
      <translation>beta</translation>
    </message>
    <message>
      <source>max value</source>
      <translation>最大值</translation>
    </message>
    <message>
      <source>axis</source>
      <translation>轴</translation>
    </message>
    <message>
      <source>l1</source>
      <translation>l1</translation>
    </message>
    <message>
      <source>l2</source>
      <translation>l2</translation>
    </message>
    <message>
      <source>boundaries</source>
      <translation>分界步数</translation>
    </message>
    <message>
      <source>values</source>
      <translation>取值</translation>
    </message>
    <message>
      <source>initial learning rate</source>
      <translation>初始学习率</translation>
    </message>
    <message>
      <source>decay steps</source>
      <translation>衰减步数</translation>
    </message>
    <message>
      <source>decay rate</source>
      <translation>衰减率</translation>
    </message>
    <message>
      <source>staircase</source>
      <translation>阶梯式</translation>
    </message>
    <message>
      <source>power</source>
      <translation>幂次</translation>
    </message>
    <message>
      <source>per</source>
      <translation>统计范围</translation>
    </message>
    <message>
      <source>low</source>
      <translation>下限</translation>
    </message>
    <message>
      <source>high</source>
      <translation>上限</translation>
    </message>
    <message>
      <source>threshold</source>
      <translation>阈值</translation>
    </message>
    <message>
      <source>n components</source>
      <translation>主成分数</translation>
    </message>
  </context>
  <context>
    <name>PathEdit</name>
    <message>
      <source>Browse...</source>
      <extracomment>the path was edited (typing finished, or chosen in the dialog) replaced in tests: (parent, caption, start, filter) -&gt; chosen path or ""</extracomment>
      <translation>浏览...</translation>
    </message>
    <message>
      <source>choose a file</source>
      <translation>选择一个文件</translation>
    </message>
    <message>
      <source>choose a folder</source>
      <translation>选择一个文件夹</translation>
    </message>
    <message>
      <source>Data files (%1)</source>
      <translation>数据文件（%1）</translation>
    </message>
    <message>
      <source>All files (*)</source>
      <translation>所有文件 (*)</translation>
    </message>
    <message>
      <source>Choose the data</source>
      <translation>选择数据</translation>
    </message>
  </context>
  <context>
    <name>PhaseCurveWidget</name>
    <message>
      <source>new head</source>
      <extracomment>legend entries, translated when shown (context ``PhaseCurveWidget``)</extracomment>
      <translation>新的输出头</translation>
    </message>
    <message>
      <source>fine-tuning</source>
      <translation>微调</translation>
    </message>
    <message>
      <source>from scratch</source>
      <translation>从零训练</translation>
    </message>
    <message>
      <source>validation accuracy (%)</source>
      <extracomment>the data area's least height, in lines of the widget's font, under which the legend and the axis do not squeeze it (three classroom-size legend rows left no data area: W16-16; at 7 lines, ~90 px at 1366x768, A at 96% and B at 97% lay on one line: walker30; the page scrolls when the room is less) the accuracy axis's titles: the whole one when the axis is tall enough for it, else the short one ("validation accurac" was cut at 1366x768: walker28 W28-4); the tooltip says the whole one</extracomment>
      <translation>验证准确率（%）</translation>
    </message>
    <message>
      <source>accuracy (%)</source>
      <translation>准确率（%）</translation>
    </message>
    <message>
      <source>epoch</source>
      <extracomment>a lesson step's runs (``show_runs``): (curve, the run's setup, phase)</extracomment>
      <translation>轮</translation>
    </message>
    <message>
      <source>{run}: {reuse} layers reused, {frozen} frozen, cached features, new head</source>
      <translation>{run}: 复用 {reuse} 层，冻结 {frozen} 层，缓存特征，新的输出头</translation>
    </message>
    <message>
      <source>{run}: {reuse} layers reused, {frozen} frozen, new head</source>
      <translation>{run}: 复用 {reuse} 层，冻结 {frozen} 层，新的输出头</translation>
    </message>
    <message>
      <source>{run}: fine-tuning (dashed)</source>
      <translation>{run}: 微调（虚线）</translation>
    </message>
  </context>
  <context>
    <name>PlanControlsWidget</name>
    <message>
      <source>how many of the source's layers to keep (its old output layer is usually dropped)</source>
      <extracomment>the new head's own epochs (W9-8: it trained for the Training panel's Epochs) the grid's labels: reuse, classes, unfreeze top layers, epochs, learning-rate factor, the new head's epochs</extracomment>
      <translation>保留源网络的多少层（其原来的输出层通常会被丢弃）</translation>
    </message>
    <message>
      <source>Freeze all reused</source>
      <translation>冻结所有复用层</translation>
    </message>
    <message>
      <source>Unfreeze all</source>
      <translation>全部解冻</translation>
    </message>
    <message>
      <source>Cache the frozen layers' outputs (feature extraction: fast, but no augmentation)</source>
      <translation>缓存冻结层的输出（特征提取：速度快，但不能做数据增强）</translation>
    </message>
    <message>
      <source>after training the head, unfreeze this many of the top reused layers (0 = no fine-tuning)</source>
      <translation>训练完输出头后，解冻最上面的这么多个复用层（0 = 不微调）</translation>
    </message>
    <message>
      <source>fine-tuning learning rate = this x the training learning rate (much lower, so that the reused weights are adjusted, not destroyed)</source>
      <translation>微调学习率 = 此值 x 训练学习率（要低得多，这样复用的权重只是被调整，而不是被破坏）</translation>
    </message>
    <message>
      <source>how many epochs the new head trains (with the Training panel's optimizer and learning rate), before any fine-tuning</source>
      <translation>新输出头训练多少轮（使用训练面板中的优化器和学习率），在任何微调之前</translation>
    </message>
    <message>
      <source>Reuse layers</source>
      <translation>复用层数</translation>
    </message>
    <message>
      <source>New head: classes</source>
      <translation>新输出头：类别数</translation>
    </message>
    <message>
      <source>Unfreeze top layers</source>
      <translation>解冻顶部层数</translation>
    </message>
    <message>
      <source>Epochs</source>
      <translation>轮数（epoch）</translation>
    </message>
    <message>
      <source>Learning-rate factor</source>
      <translation>学习率倍数</translation>
    </message>
    <message>
      <source>New head: epochs</source>
      <translation>新输出头：轮数</translation>
    </message>
    <message>
      <source>Then fine-tune</source>
      <translation>然后微调</translation>
    </message>
  </context>
  <context>
    <name>PlanSentencesMixin</name>
    <message>
      <source>No source network yet.</source>
      <translation>还没有源网络。</translation>
    </message>
    <message>
      <source>Source: %s — %d layers, %s parameters, trained for %s outputs.</source>
      <translation>源网络：%s — %d 层，%s 个参数，训练用于 %s 个输出。</translation>
    </message>
    <message>
      <source>network</source>
      <translation>网络</translation>
    </message>
    <message>
      <source>The source reads examples of shape %1, but the studio's data (%2) has %3: choose data of that shape in the Data panel, or load another source.</source>
      <translation>源网络读取的样本形状是 %1，但工作室的数据（%2）的形状是 %3：请在数据面板中选择这种形状的数据，或加载另一个源网络。</translation>
    </message>
    <message>
      <source>, classes %s</source>
      <translation>，类别 %s</translation>
    </message>
    <message>
      <source>, %d training images per class</source>
      <translation>，每类 %d 张训练图像</translation>
    </message>
    <message>
      <source>Train: the new head learns for %1 on the studio's data (&lt;b&gt;%2&lt;/b&gt;%3) with %4, learning rate %5 (the Training panel's); %6</source>
      <translation>按“训练”：新输出头在工作室的数据（&lt;b&gt;%2&lt;/b&gt;%3）上训练 %1，使用 %4，学习率 %5（训练面板中的）；%6</translation>
    </message>
    <message>
      <source>1 epoch</source>
      <translation>1 轮</translation>
    </message>
    <message>
      <source>%1 epochs</source>
      <translation>%1 轮</translation>
    </message>
    <message>
      <source>no fine-tuning after it (Unfreeze top layers is 0).</source>
      <translation>之后不微调（“解冻顶部层数”为 0）。</translation>
    </message>
    <message>
      <source>no fine-tuning after it (its Epochs is 0).</source>
      <translation>之后不微调（微调的轮数为 0）。</translation>
    </message>
    <message>
      <source>then the top reused layer with weights is fine-tuned for %2 at learning rate %3.</source>
      <translation>然后以学习率 %3 微调最上面一个带权重的复用层 %2。</translation>
    </message>
    <message>
      <source>then the top %1 reused layers with weights are fine-tuned for %2 at learning rate %3.</source>
      <translation>然后以学习率 %3 微调最上面 %1 个带权重的复用层 %2。</translation>
    </message>
    <message>
      <source>The studio now holds the transferred network with its trained weights (validation accuracy %1). Start trains it on from these weights; its frozen layers (%2) stay frozen: Layer settings &gt; Trainable unfreezes one. Reset weights gives every layer new random weights.</source>
      <translation>工作室现在使用迁移后的网络及其训练好的权重（验证准确率 %1）。按“开始”会从这些权重出发接着训练；它的冻结层（%2 个）保持冻结：在“层设置 &gt; 可训练”中可以解冻其中一层。“重置权重”会给每一层新的随机权重。</translation>
    </message>
    <message>
      <source>The studio now holds the transferred network with its trained weights (validation accuracy %1). Start trains it on from these weights; Reset weights gives every layer new random weights.</source>
      <translation>工作室现在使用迁移后的网络及其训练好的权重（验证准确率 %1）。按“开始”会从这些权重出发接着训练；“重置权重”会给每一层新的随机权重。</translation>
    </message>
  </context>
  <context>
    <name>PlaygroundPanel</name>
    <message>
      <source>Optimizers and learning rates</source>
      <extracomment>the line-up's runs whose settings include the shared momentum the settings' labels: momentum, steps, steps per frame</extracomment>
      <translation>优化器与学习率</translation>
    </message>
    <message>
      <source>learning rate of %s</source>
      <translation>%s 的学习率</translation>
    </message>
    <message>
      <source>beta of Momentum and Nesterov; try 0.99999 to see momentum that never slows down</source>
      <translation>Momentum 和 Nesterov 的 beta；试试 0.99999，看看永不减速的动量</translation>
    </message>
    <message>
      <source>optimizer steps shown per animation frame</source>
      <translation>每帧动画显示的优化步数</translation>
    </message>
    <message>
      <source>Momentum β</source>
      <translation>动量 β</translation>
    </message>
    <message>
      <source>Steps</source>
      <translation>步数</translation>
    </message>
    <message>
      <source>Steps per frame</source>
      <translation>每帧步数</translation>
    </message>
    <message>
      <source>Pause</source>
      <translation>暂停</translation>
    </message>
    <message>
      <source>Play</source>
      <translation>播放</translation>
    </message>
    <message>
      <source>Step</source>
      <translation>单步</translation>
    </message>
    <message>
      <source>Reset</source>
      <translation>重置</translation>
    </message>
    <message>
      <source>Click the plot to start from another point.</source>
      <translation>点击图中任意位置，从另一个起点开始。</translation>
    </message>
    <message>
      <source>Loss surface</source>
      <translation>损失曲面</translation>
    </message>
    <message>
      <source>step %d of %d</source>
      <translation>第 %d 步，共 %d 步</translation>
    </message>
    <message>
      <source>loss</source>
      <translation>损失</translation>
    </message>
    <message>
      <source>diverged</source>
      <translation>已发散</translation>
    </message>
    <message>
      <source>A loss below 0: this made-up surface dips below zero; a real loss (cross-entropy, squared error) never does.</source>
      <translation>损失低于 0：这个人为构造的曲面会降到 0 以下；真实的损失（交叉熵、平方误差）永远不会。</translation>
    </message>
  </context>
  <context>
    <name>Plots</name>
    <message>
      <source>Convergence</source>
      <extracomment>(key, title, module, class name) of every panel, in tab order. The modules are imported on first use of ``PANELS`` so that ``python -m dlstudio.gui.plots.&lt;module&gt;`` runs cleanly.</extracomment>
      <translation>收敛</translation>
    </message>
    <message>
      <source>Gradients</source>
      <translation>梯度</translation>
    </message>
    <message>
      <source>Activations</source>
      <translation>激活值</translation>
    </message>
    <message>
      <source>Weights</source>
      <translation>权重</translation>
    </message>
    <message>
      <source>Units</source>
      <translation>单元</translation>
    </message>
    <message>
      <source>Outcome</source>
      <translation>结果</translation>
    </message>
    <message>
      <source>Pre-flight check</source>
      <translation>训练前检查</translation>
    </message>
    <message>
      <source>Loss and accuracy over the training steps: is the network learning, is it overfitting?</source>
      <extracomment>one line per tab saying what its page shows (the tab's tooltip; walker11 W11-16)</extracomment>
      <translation>训练过程中的损失和准确率：网络在学习吗？有没有过拟合？</translation>
    </message>
    <message>
      <source>The signal dL/dz backpropagation brings to each layer, and each step's update relative to the weights: vanishing or exploding gradients</source>
      <translation>反向传播送到每一层的信号 dL/dz，以及每一步的更新量与权重之比：梯度是在消失还是在爆炸</translation>
    </message>
    <message>
      <source>What each layer outputs: its distribution, saturated or dead units</source>
      <translation>每一层的输出：它的分布，饱和或死亡的神经元</translation>
    </message>
    <message>
      <source>Each layer's weights: their distribution and how they change</source>
      <translation>每一层的权重：它们的分布以及如何变化</translation>
    </message>
    <message>
      <source>Single units of one layer, followed through training</source>
      <translation>在训练中跟踪某一层的单个神经元</translation>
    </message>
    <message>
      <source>What the network predicts: decision boundary, confusion matrix, mistakes</source>
      <translation>网络的预测：决策边界、混淆矩阵、分错的样本</translation>
    </message>
    <message>
      <source>Before training: one batch forward and back through the untrained network, layer by layer</source>
      <translation>训练之前：让一批数据在未训练的网络中前向、反向各走一遍，逐层查看</translation>
    </message>
  </context>
  <context>
    <name>Preflight</name>
    <message>
      <source>healthy</source>
      <extracomment>stack colours per verdict word (the worst word of a layer decides)</extracomment>
      <translation>健康</translation>
    </message>
    <message>
      <source>vanishing</source>
      <translation>梯度消失</translation>
    </message>
    <message>
      <source>exploding</source>
      <translation>梯度爆炸</translation>
    </message>
    <message>
      <source>dead units</source>
      <translation>死亡单元</translation>
    </message>
    <message>
      <source>saturated</source>
      <translation>饱和</translation>
    </message>
    <message>
      <source>Loading the data for the check...</source>
      <translation>正在为检查加载数据...</translation>
    </message>
    <message>
      <source>Checking the network before training: waiting for the engine's kernels to compile (only the first time after dlstudio starts; up to a minute on a busy computer)...</source>
      <translation>正在训练前检查网络：等待计算引擎的内核编译完成（只在 dlstudio 启动后的第一次需要；在繁忙的电脑上最多约一分钟）...</translation>
    </message>
    <message>
      <source>Checking the network before training...</source>
      <translation>正在训练前检查网络...</translation>
    </message>
    <message>
      <source>a step changes its weights by %1</source>
      <translation>一步就使其权重改变 %1</translation>
    </message>
    <message>
      <source>no signal</source>
      <translation>无信号</translation>
    </message>
    <message>
      <source>signal ×%1</source>
      <translation>信号 ×%1</translation>
    </message>
    <message>
      <source>%1 dead</source>
      <translation>%1 死亡</translation>
    </message>
    <message>
      <source>f′ at %1 of its max</source>
      <translation>f′ 为其最大值的 %1</translation>
    </message>
    <message>
      <source>Pre-flight check: %1</source>
      <translation>训练前检查：%1</translation>
    </message>
  </context>
  <context>
    <name>PreflightPanel</name>
    <message>
      <source>The check could not run: %1</source>
      <extracomment>the page's least height in pixels (normal, classroom): headings and two rows of plots the four plots: key -&gt; (row, column) the check is the network's, not a run's: a new run leaves it the result shown (the picked variant's, else A's: ``variants.shown``) every variant's known check and the "Variant:" box that picks the one shown plot key ("signal", "pass", "std", "update") -&gt; its plot / its bars the update chart's "typical" and "exploding" labels (placed where they cover no bar, hidden where every place would: ``preflight_guides.ZoneLabels``)</extracomment>
      <translation>检查无法运行：%1</translation>
    </message>
    <message>
      <source>Press Check before training (under the layer stack in the Network panel): one batch goes forward and back through the untrained network, and this page shows, layer by layer from the input to the output, how much of the gradient signal reaches each layer, how much each activation lets through, how spread the values z it receives are (for the output layer: the scores), and how far one training step would move its weights.</source>
      <translation>按下“训练前检查”（“网络”面板中层列表下方的按钮）：一批数据在未训练的网络里做一次前向和反向传播，这一页就会从输入到输出逐层显示：梯度信号有多少到达每一层，每个激活函数让多少梯度通过，它收到的 z 有多分散（输出层：分数），以及一步训练会让它的权重改变多少。</translation>
    </message>
    <message>
      <source>The network changed since the last check.</source>
      <translation>自上次检查以来网络已经改变。</translation>
    </message>
    <message>
      <source>relative to layer %1</source>
      <translation>相对第 %1 层（倍）</translation>
    </message>
    <message>
      <source>RMS</source>
      <translation>均方根</translation>
    </message>
    <message>
      <source>Signal dL/dz reaching each layer</source>
      <translation>到达每一层的信号 dL/dz</translation>
    </message>
    <message>
      <source>Pass-through f′(z)/f′(0)</source>
      <translation>梯度通过率 f′(z)/f′(0)</translation>
    </message>
    <message>
      <source>share</source>
      <translation>比例</translation>
    </message>
    <message>
      <source>Spread of z per layer (output: the scores)</source>
      <translation>各层 z 的分散程度（输出层：分数）</translation>
    </message>
    <message>
      <source>std of z</source>
      <translation>z 的标准差</translation>
    </message>
    <message>
      <source>Update/weight of one step</source>
      <translation>走一步的更新/权重比</translation>
    </message>
    <message>
      <source>update/weight</source>
      <translation>更新/权重比</translation>
    </message>
    <message>
      <source>layer (input → output)</source>
      <translation>层（输入 → 输出）</translation>
    </message>
    <message>
      <source>Variant %1: %2</source>
      <translation>变体 %1：%2</translation>
    </message>
    <message>
      <source>≈10⁻³ typical</source>
      <translation>≈10⁻³ 为典型值</translation>
    </message>
    <message>
      <source>dL/dz:</source>
      <translation>dL/dz：</translation>
    </message>
    <message>
      <source>pass-through:</source>
      <translation>梯度通过率：</translation>
    </message>
    <message>
      <source>spread of z:</source>
      <translation>z 的分散程度：</translation>
    </message>
    <message>
      <source>the forward signal fades</source>
      <translation>前向信号衰减</translation>
    </message>
    <message>
      <source>the forward signal grows</source>
      <translation>前向信号放大</translation>
    </message>
    <message>
      <source>update/weight:</source>
      <translation>更新/权重比：</translation>
    </message>
    <message>
      <source>the weights barely move</source>
      <translation>权重几乎不动</translation>
    </message>
    <message>
      <source>too large</source>
      <translation>过大</translation>
    </message>
    <message>
      <source>one batch of %1 examples, loss %2, no training step</source>
      <translation>一批 %1 个样本，损失 %2，未走任何训练步</translation>
    </message>
    <message>
      <source>the update: one step of %1 at learning rate %2</source>
      <translation>更新：%1 走一步，学习率 %2</translation>
    </message>
    <message>
      <source>◆ dead or saturated share</source>
      <translation>◆ 死亡或饱和比例</translation>
    </message>
    <message>
      <source>▼ zero (below a log axis)</source>
      <translation>▼ 零（对数坐标上无法画出）</translation>
    </message>
    <message>
      <source>%1; %2</source>
      <translation>%1；%2</translation>
    </message>
  </context>
  <context>
    <name>PreflightVariantsWidget</name>
    <message>
      <source>Variant:</source>
      <extracomment>every variant's known result by letter (``set_a`` gives A's, ``set_others`` the others') and how the page names each variant ("A (Glorot normal)"); one name or none: no variants, nothing said the variant the student picked in ``box`` (None: A)</extracomment>
      <translation>变体：</translation>
    </message>
    <message>
      <source>Which variant's check this page shows</source>
      <translation>本页显示哪个变体的检查结果</translation>
    </message>
  </context>
  <context>
    <name>PresetBoxWidget</name>
    <message>
      <source>%1 MLP (custom)</source>
      <extracomment>the answers of the "replace your settings?" question the preset applied last (None: none yet) and the settings it brought</extracomment>
      <translation>%1 多层感知机（自定义）</translation>
    </message>
    <message>
      <source>Convnet with 1 convolution layer (custom)</source>
      <translation>有 1 个卷积层的卷积网络（自定义）</translation>
    </message>
    <message>
      <source>Convnet with %1 convolution layers (custom)</source>
      <translation>有 %1 个卷积层的卷积网络（自定义）</translation>
    </message>
    <message>
      <source>(custom network)</source>
      <translation>（自定义网络）</translation>
    </message>
    <message>
      <source>%1 (modified)</source>
      <translation>%1（已修改）</translation>
    </message>
    <message>
      <source>(choose a ready-made network)</source>
      <translation>（选择一个现成的网络）</translation>
    </message>
    <message>
      <source>Replace the network with a ready-made one, with the data and training settings recommended for it. Undo brings your network back.</source>
      <translation>用一个现成的网络替换当前网络，并采用为它推荐的数据和训练设置。撤销可以找回你的网络。</translation>
    </message>
    <message>
      <source>The lesson's comparison variants (%1) were removed: Start trains the preset alone. Add variants in the Compare panel.</source>
      <translation>课程的对比变体（%1）已移除：按“开始”只训练这个预设网络。可以在“对比”面板中重新添加变体。</translation>
    </message>
    <message>
      <source>, </source>
      <translation>、</translation>
    </message>
    <message>
      <source>%1 comes with its recommended settings: %2, learning rate %3, %4 epochs, batch size %5.</source>
      <translation>%1 自带推荐设置：%2，学习率 %3，%4 轮，批大小 %5。</translation>
    </message>
    <message>
      <source>Data: %1.</source>
      <translation>数据：%1。</translation>
    </message>
    <message>
      <source>You have changed the data settings. Replace them with the preset's?</source>
      <translation>你修改过数据设置。要用预设的设置替换它们吗？</translation>
    </message>
    <message>
      <source>%1 changed the training settings. Replace them with the preset's?</source>
      <translation>%1修改过训练设置。要用预设的设置替换它们吗？</translation>
    </message>
    <message>
      <source>You have changed the training and data settings. Replace them with the preset's?</source>
      <translation>你修改过训练设置和数据设置。要用预设的设置替换它们吗？</translation>
    </message>
    <message>
      <source>You have changed the training settings. Replace them with the preset's?</source>
      <translation>你修改过训练设置。要用预设的设置替换它们吗？</translation>
    </message>
    <message>
      <source>The lesson's comparison variants (%1) go with it: Start then trains the preset alone.</source>
      <translation>课程的对比变体（%1）也会一并移除：之后按“开始”只训练这个预设网络。</translation>
    </message>
    <message>
      <source>Use the preset's settings?</source>
      <translation>使用预设的设置吗？</translation>
    </message>
    <message>
      <source>Use the preset's settings</source>
      <translation>使用预设的设置</translation>
    </message>
    <message>
      <source>Keep my settings</source>
      <translation>保留我的设置</translation>
    </message>
  </context>
  <context>
    <name>RecentFiles</name>
    <message>
      <source>d MMM yyyy, HH:mm</source>
      <extracomment>the QSettings key holding the list how many workspaces are remembered when the student last opened or saved it (seconds since the epoch)</extracomment>
      <translation>yyyy年M月d日 HH:mm</translation>
    </message>
  </context>
  <context>
    <name>ResultsTableWidget</name>
    <message>
      <source>ok</source>
      <extracomment>the results table shows at least this many rows (``ResultsTableWidget.minimumSizeHint``); fewer on a short page (``view.fit_results_rows``): with four, the range table above was squeezed to one row at 1366x768 beside the "Other data" note (walker31 W31-7) a trial's status in words</extracomment>
      <translation>完成</translation>
    </message>
    <message>
      <source>diverged</source>
      <translation>已发散</translation>
    </message>
    <message>
      <source>failed</source>
      <translation>失败</translation>
    </message>
    <message>
      <source>cancelled</source>
      <translation>已取消</translation>
    </message>
    <message>
      <source>running</source>
      <translation>运行中</translation>
    </message>
    <message>
      <source>Round</source>
      <translation>组</translation>
    </message>
    <message>
      <source>Trial</source>
      <translation>试验</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <source>Val. accuracy</source>
      <translation>验证准确率</translation>
    </message>
    <message>
      <source>Val. loss</source>
      <translation>验证损失</translation>
    </message>
    <message>
      <source>Seconds</source>
      <extracomment>rows the table keeps in sight (``set_min_rows``)</extracomment>
      <translation>秒</translation>
    </message>
    <message>
      <source>This run was cancelled. Only the last round's cancelled runs can be run again, and round %1 was run after this one.</source>
      <translation>这次运行被取消了。只有最后一组中已取消的运行可以再运行，而这一组之后又运行了第 %1 组。</translation>
    </message>
    <message>
      <source>ok, first step too large</source>
      <translation>完成，第一步过大</translation>
    </message>
    <message>
      <source>The pre-flight check calls this run's first step exploding: one step would change a layer's weights by %1 of their size (about 0.1% is typical).</source>
      <translation>训练前检查认为这次运行的第一步会梯度爆炸：一步就会让某一层的权重改变其大小的 %1（通常约 0.1%）。</translation>
    </message>
  </context>
  <context>
    <name>RoundButtonsWidget</name>
    <message>
      <source>Run search</source>
      <extracomment>runs the cut-short round's ``unfinished`` trials; shown only while there are some why the rerun button is disabled (a function making the sentence; None: it is not)</extracomment>
      <translation>开始搜索</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
    <message>
      <source>Zoom in around the best</source>
      <translation>在最佳结果附近细化</translation>
    </message>
    <message>
      <source>coarse to fine: narrow every range around the best quarter of the runs, then run again</source>
      <translation>由粗到细：把每个范围缩小到最好的四分之一运行附近，然后再运行一次</translation>
    </message>
    <message>
      <source>Apply best to the studio</source>
      <translation>把最佳设置应用到工作室</translation>
    </message>
    <message>
      <source>Clear results</source>
      <translation>清除结果</translation>
    </message>
    <message>
      <source>Train the trials of the last round that were cancelled, with the round's settings and seeds; its finished trials stay as they are</source>
      <translation>按上一组的设置和种子训练其中被取消的试验；已结束的试验保持原样</translation>
    </message>
    <message>
      <source>Run the cancelled trial</source>
      <translation>运行这一组已取消的试验</translation>
    </message>
    <message>
      <source>Run the %1 cancelled trials</source>
      <translation>运行这一组已取消的 %1 次试验</translation>
    </message>
  </context>
  <context>
    <name>RoundFormWidget</name>
    <message>
      <source>Runs</source>
      <extracomment>the form's labels: runs, epochs per run, processes, sampling seed</extracomment>
      <translation>运行次数</translation>
    </message>
    <message>
      <source>Epochs per run</source>
      <translation>每次运行的轮数</translation>
    </message>
    <message>
      <source>Processes</source>
      <translation>进程数</translation>
    </message>
    <message>
      <source>Sampling seed</source>
      <translation>采样种子</translation>
    </message>
    <message>
      <source>runs trained at the same time, each in its own process with one thread</source>
      <translation>同时训练的运行数，每个运行在各自的进程中使用一个线程</translation>
    </message>
  </context>
  <context>
    <name>RoundTimeLabelWidget</name>
    <message>
      <source>less than a minute</source>
      <translation>不到一分钟</translation>
    </message>
    <message>
      <source>about %1 min</source>
      <translation>约 %1 分钟</translation>
    </message>
    <message>
      <source>about %1 h</source>
      <translation>约 %1 小时</translation>
    </message>
    <message>
      <source>How long the search takes is not known yet: no run has timed this network on this data. Press Start and let it train a few seconds to measure it.</source>
      <extracomment>(runs, epochs, workers, cores, MeasuredEpoch or None) last shown</extracomment>
      <translation>搜索需要多长时间还不知道：还没有哪次训练测出过这个网络在这些数据上的速度。按“开始”并让它训练几秒钟来测量。</translation>
    </message>
    <message>
      <source>With these settings the search takes %1 (in the last round a run took %2 s an epoch).</source>
      <translation>按这些设置，搜索需要%1（上一组中每次运行训练一轮用了 %2 秒）。</translation>
    </message>
    <message>
      <source>With these settings the search takes %1 (variant %3 of the studio's last comparison took %2 s an epoch; here each run has one core).</source>
      <translation>按这些设置，搜索需要%1（工作室上一次对比中变体 %3 每轮用了 %2 秒；这里每次运行只用一个核心）。</translation>
    </message>
    <message>
      <source>With these settings the search takes %1 (the studio's last run took %2 s an epoch; here each run has one core).</source>
      <translation>按这些设置，搜索需要%1（工作室上一次训练每轮用了 %2 秒；这里每次运行只用一个核心）。</translation>
    </message>
  </context>
  <context>
    <name>RunActions</name>
    <message>
      <source>Start %1</source>
      <translation>开始 %1</translation>
    </message>
    <message>
      <source>Start</source>
      <translation>开始</translation>
    </message>
    <message>
      <source>Continue from epoch %1</source>
      <extracomment>(action name, shortcut) -- also listed in Help &gt; Keyboard shortcuts further keys of an action: F6 pauses and resumes even while a text field has the keyboard, where Space types a space (W11-23); elsewhere Space is the pause key (widgets/space_key.py) asked before Reset weights throws the run away: True to go on (the window asks about unsaved work here, as New and Open do: ``MainWindow.may_reset_weights``) Run &gt; Continue from epoch N: trains a stopped or interrupted run on (``Studio.continue_run``); enabled while there is one to continue</extracomment>
      <translation>从第 %1 轮继续</translation>
    </message>
    <message>
      <source>Continue: raise Epochs above %1 to train this run on</source>
      <translation>继续：把轮数调到 %1 以上即可接着训练这次训练</translation>
    </message>
    <message>
      <source>Continue the stopped run</source>
      <translation>继续已停止的训练</translation>
    </message>
    <message>
      <source>Train a stopped or interrupted run on from where it stopped, or a finished one to the Training panel's Epochs: the same weights, optimizer state and position, on the same curves</source>
      <translation>从停止的地方接着训练被停止或中断的训练，或把已完成的训练继续训练到训练面板中的轮数：相同的权重、优化器状态和位置，画在同一组曲线上</translation>
    </message>
    <message>
      <source>Train from fresh weights (or continue a paused run)</source>
      <translation>从新初始化的权重开始训练（或继续已暂停的训练）</translation>
    </message>
    <message>
      <source>Resume</source>
      <translation>继续</translation>
    </message>
    <message>
      <source>Continue the paused training</source>
      <translation>继续已暂停的训练</translation>
    </message>
    <message>
      <source>Pause</source>
      <translation>暂停</translation>
    </message>
    <message>
      <source>Pause or resume the running training</source>
      <translation>暂停或继续正在进行的训练</translation>
    </message>
    <message>
      <source>Step</source>
      <translation>单步</translation>
    </message>
    <message>
      <source>Train exactly one mini-batch, then pause</source>
      <translation>只训练一个小批量，然后暂停</translation>
    </message>
    <message>
      <source>Stop</source>
      <translation>停止</translation>
    </message>
    <message>
      <source>Stop training; the weights reached so far are kept</source>
      <translation>停止训练；保留目前得到的权重</translation>
    </message>
    <message>
      <source>Reset weights</source>
      <translation>重置权重</translation>
    </message>
    <message>
      <source>Forget the trained weights and clear the plots</source>
      <translation>丢弃训练得到的权重并清空图表</translation>
    </message>
    <message>
      <source>Train the %1 variants of the comparison side by side (set in the Compare panel; remove the variants there to train alone)</source>
      <translation>并排训练对比中的 %1 变体（在“对比”面板中设置；在那里移除变体即可单独训练）</translation>
    </message>
  </context>
  <context>
    <name>RunNoteWidget</name>
    <message>
      <source>This run stopped after %1 steps on purpose (the lesson step's length), in epoch %2 of %3. Continue trains it on from there to the end of epoch %4 (the Training panel's Epochs); Start trains again from new weights.</source>
      <translation>这次训练按课程这一步的设定，有意只训练了 %1 步，停在第 %2 轮（共 %3 轮）中间。按“继续”会从停下的地方接着训练到第 %4 轮结束（训练面板中的轮数）；按“开始”会从新的随机权重重新训练。</translation>
    </message>
    <message>
      <source>This run finished its 1 epoch. Continue trains it on to epoch %2 (the Training panel's Epochs) from where it ended; Start trains again from new weights.</source>
      <translation>这次训练已完成全部 1 轮。按“继续”会从结束的地方接着训练到第 %2 轮（训练面板中的轮数）；按“开始”会从新的随机权重重新训练。</translation>
    </message>
    <message>
      <source>This run finished its %1 epochs. Continue trains it on to epoch %2 (the Training panel's Epochs) from where it ended; Start trains again from new weights.</source>
      <translation>这次训练已完成全部 %1 轮。按“继续”会从结束的地方接着训练到第 %2 轮（训练面板中的轮数）；按“开始”会从新的随机权重重新训练。</translation>
    </message>
    <message>
      <source>The run was stopped after %1 of its %2 epochs. Continue trains it on from the start of epoch %3 with the same weights and optimizer state; Start trains again from new weights.</source>
      <translation>训练在完成 %1 轮（共 %2 轮）后被停止。按“继续”会用相同的权重和优化器状态从第 %3 轮开头接着训练；按“开始”会从新的随机权重重新训练。</translation>
    </message>
    <message>
      <source>The run was stopped in epoch %1 of %2. Continue trains it on from there with the same weights and optimizer state; Start trains again from new weights.</source>
      <translation>训练在第 %1 轮（共 %2 轮）被停止。按“继续”会用相同的权重和优化器状态从那里接着训练；按“开始”会从新的随机权重重新训练。</translation>
    </message>
    <message>
      <source>Continue uses the Training panel's settings as they are now: 1 epoch in all, learning rate %2.</source>
      <translation>“继续”会使用训练面板中现在的设置：共 1 轮，学习率 %2。</translation>
    </message>
    <message>
      <source>Continue uses the Training panel's settings as they are now: %1 epochs in all, learning rate %2.</source>
      <translation>“继续”会使用训练面板中现在的设置：共 %1 轮，学习率 %2。</translation>
    </message>
    <message>
      <source>The network shows the weights of epoch %1, its best: early stopping put them back. Continue does not start from them: it trains on from the weights of epoch %2, where the run ended.</source>
      <translation>网络显示的是第 %1 轮的权重，也就是最好的一轮：提前停止把它们恢复了回来。“继续”不从这些权重开始：它从训练结束时第 %2 轮的权重接着训练。</translation>
    </message>
    <message>
      <source>The network shows the weights of epoch %1, its best (Early stopping restores the best weights). Continue does not start from them: it trains on from the weights the run had reached, as if it had not ended.</source>
      <translation>网络显示的是第 %1 轮的权重，也就是最好的一轮（提前停止会恢复最好的权重）。“继续”不从这些权重开始：它从训练实际到达的权重接着训练，就像训练没有结束一样。</translation>
    </message>
    <message>
      <source>Continue from epoch %1</source>
      <translation>从第 %1 轮继续</translation>
    </message>
    <message>
      <source>Why the run stopped:</source>
      <translation>训练为何停止：</translation>
    </message>
    <message>
      <source>What went wrong:</source>
      <translation>出了什么问题：</translation>
    </message>
    <message>
      <source>Worth a look:</source>
      <translation>注意：</translation>
    </message>
    <message>
      <source>The comparison %1 was stopped in epoch %2 of %3.</source>
      <translation>对比 %1 在第 %2 轮（共 %3 轮）时被停止了。</translation>
    </message>
    <message>
      <source>The comparison %1 trained 1 epoch; Epochs is now %3.</source>
      <translation>对比 %1 训练了 1 轮；轮数现在是 %3。</translation>
    </message>
    <message>
      <source>The comparison %1 trained %2 epochs; Epochs is now %3.</source>
      <translation>对比 %1 训练了 %2 轮；轮数现在是 %3。</translation>
    </message>
    <message>
      <source>Run &gt; Continue trains single runs only. To train the comparison on, press “%1”: every variant starts again from the same initial weights on the same batches, so the curves so far come out the same and go on from there.</source>
      <translation>“运行 &gt; 继续”只能接着训练单次训练。想接着训练这个对比，请按“%1”：每个变体都会从相同的初始权重重新开始，看到相同的批次，所以已有的曲线会重现一遍，再从那里接着训练。</translation>
    </message>
    <message>
      <source>Early stopping ended this run after epoch %1 of %2: the %3 had not improved for 1 epoch. Continue trains it on towards epoch %5 (the Training panel's Epochs) and counts that epoch afresh: it stops again if the %3 does not improve for 1 more epoch. Start trains again from new weights.</source>
      <translation>提前停止在第 %1 轮（共 %2 轮）后结束了这次训练：%3已有 1 轮没有改善。按“继续”会接着训练，最多到第 %5 轮（训练面板中的轮数），并重新开始计算这 1 轮：如果%3再有 1 轮没有改善，训练会再次停止。按“开始”会从新的随机权重重新训练。</translation>
    </message>
    <message>
      <source>Early stopping ended this run after epoch %1 of %2: the %3 had not improved for %4 epochs. Continue trains it on towards epoch %5 (the Training panel's Epochs) and counts the %4 epochs afresh: it stops again if the %3 does not improve for %4 more epochs. Start trains again from new weights.</source>
      <translation>提前停止在第 %1 轮（共 %2 轮）后结束了这次训练：%3已有 %4 轮没有改善。按“继续”会接着训练，最多到第 %5 轮（训练面板中的轮数），并重新开始计算这 %4 轮：如果%3再有 %4 轮没有改善，训练会再次停止。按“开始”会从新的随机权重重新训练。</translation>
    </message>
    <message>
      <source>The network keeps its initial weights, those step 1 started from: the Outcome page and exports use them. They are the last with a finite loss and gradients under the limit: the update of step 1 blew up, and step 2 stopped on the weights it gave. Start trains again from new weights: change what the reason above names first.</source>
      <translation>网络保留了它的初始权重，也就是第 1 步开始时的权重：结果页面和导出用的就是它们。它们是损失仍为有限值、梯度仍未超限的最后一组：第 1 步的更新使训练爆炸，第 2 步在这次更新得到的权重上停止了训练。按“开始”会从新的随机权重重新训练：请先改正上面指出的原因。</translation>
    </message>
    <message>
      <source>The network keeps the weights it had after step %1, those step %2 started from: the Outcome page and exports use them. They are the last with a finite loss and gradients under the limit: the update of step %2 blew up, and step %3 stopped on the weights it gave. Start trains again from new weights: change what the reason above names first.</source>
      <translation>网络保留了第 %1 步之后的权重，也就是第 %2 步开始时的权重：结果页面和导出用的就是它们。它们是损失仍为有限值、梯度仍未超限的最后一组：第 %2 步的更新使训练爆炸，第 %3 步在这次更新得到的权重上停止了训练。按“开始”会从新的随机权重重新训练：请先改正上面指出的原因。</translation>
    </message>
    <message>
      <source>The network keeps its initial weights, the last ones with a finite loss and gradients (before the blow-up): the Outcome page and exports use them. Start trains again from new weights: change what the reason above names first.</source>
      <translation>网络保留了它的初始权重，也就是损失和梯度仍为有限值的最后一组（发散之前）：结果页面和导出用的就是它们。按“开始”会从新的随机权重重新训练：请先改正上面指出的原因。</translation>
    </message>
    <message>
      <source>The network keeps the weights it had after step %1, the last ones with a finite loss and gradients (before the blow-up): the Outcome page and exports use them. Start trains again from new weights: change what the reason above names first.</source>
      <translation>网络保留了第 %1 步之后的权重，也就是损失和梯度仍为有限值的最后一组（发散之前）：结果页面和导出用的就是它们。按“开始”会从新的随机权重重新训练：请先改正上面指出的原因。</translation>
    </message>
    <message>
      <source>Close this note</source>
      <extracomment>the action button was pressed lines the note may always show, however short the page the largest part of the page's height the note's text may take (the rest scrolls)</extracomment>
      <translation>关闭这条说明</translation>
    </message>
  </context>
  <context>
    <name>RunProgressWidget</name>
    <message>
      <source>How far the run has got (its epochs and steps are beside it)</source>
      <extracomment>seconds between two redraws of the progress line while a run trains: four a second, as the plots (``plots.redraw_pacing.MIN_REDRAW_GAP``); each one (the bar's new value, the line's text and their repaint) cost the GUI thread ~1 ms, which a training run shares (issue 13) a run being prepared: its line counts the seconds once it has waited this long, once a second (a shorter wait needs no count; a longer one, 30-60 s on a loaded 2-core machine, read as hung without it: walker38 W38-6) snapshot events that end a run (or a comparison variant) the window's panels are in place (``set_panels_ready``): until then the line says they are loading, not "Ready. Press Start" (the window says so beside it) while a run is prepared: what it does now (the runner's own sentence: "Loading the data...", "Building the network...", the kernels), since when, and the once-a-second count (nothing else runs then on the GUI thread for it)</extracomment>
      <translation>训练进行到哪里了（旁边写着轮数和步数）</translation>
    </message>
    <message>
      <source>Preparing: loading data, building the network and loading the compiled kernels...</source>
      <translation>准备中：加载数据、构建网络并加载已编译的计算内核...</translation>
    </message>
    <message>
      <source>Preparing: loading data, building the network and compiling kernels...</source>
      <translation>准备中：加载数据、构建网络并编译计算内核...</translation>
    </message>
    <message>
      <source>%1 (%2 s so far)</source>
      <translation>%1（已等 %2 秒）</translation>
    </message>
    <message>
      <source>examples/s: %1</source>
      <translation>样本/秒：%1</translation>
    </message>
    <message>
      <source>stopped early at epoch %1 of %2 (early stopping)</source>
      <translation>在第 %1 轮提前结束（计划 %2 轮，提前停止）</translation>
    </message>
    <message>
      <source>stopped at epoch %1 of %2 (Stop was pressed)</source>
      <translation>在第 %1 轮停止（计划 %2 轮，按了“停止”）</translation>
    </message>
    <message>
      <source>ended at epoch %1 of %2: the loss diverged</source>
      <translation>在第 %1 轮结束（计划 %2 轮）：损失发散了</translation>
    </message>
    <message>
      <source>Ready. Press Start (F5) to train.</source>
      <translation>就绪。按“开始”(F5) 进行训练。</translation>
    </message>
    <message>
      <source>Loading the panels...</source>
      <translation>正在加载面板...</translation>
    </message>
    <message>
      <source>step %1</source>
      <translation>第 %1 步</translation>
    </message>
    <message>
      <source>epoch %1/%2</source>
      <translation>第 %1/%2 轮</translation>
    </message>
    <message>
      <source>%1 examples/s</source>
      <translation>%1 样本/秒</translation>
    </message>
    <message>
      <source>%1 left</source>
      <translation>剩余 %1</translation>
    </message>
  </context>
  <context>
    <name>ScatterGridWidget</name>
    <message>
      <source>%1 (spaced by 1 − value)</source>
      <extracomment>colours of the search rounds (round 0 = the coarse search, then each zoom) the scatter grid's least height, in lines of its font: the legend line, and per row of plots enough for the axes and a readable data area (walker13 W13-8: the "Other data" notice squeezed the plot to a strip at 1366x768; the settings above scroll instead) pixels the legend keeps clear of the widget's sides (its label's own margins); the narrowest it wraps to</extracomment>
      <translation>%1（按 1 − 值 等距排列）</translation>
    </message>
    <message>
      <source>validation accuracy (%)</source>
      <translation>验证准确率（%）</translation>
    </message>
    <message>
      <source>round %1</source>
      <translation>第 %1 组</translation>
    </message>
    <message>
      <source>best run</source>
      <translation>最佳运行</translation>
    </message>
    <message>
      <source>zoomed range</source>
      <translation>细化后的范围</translation>
    </message>
    <message>
      <source>first step too large (pre-flight): not offered as best</source>
      <translation>第一步过大（训练前检查）：不算作最佳运行</translation>
    </message>
  </context>
  <context>
    <name>SchedulePlotWidget</name>
    <message>
      <source>step</source>
      <translation>步</translation>
    </message>
  </context>
  <context>
    <name>ScheduleWidget</name>
    <message>
      <source>constant</source>
      <extracomment>parameters the schedule takes from the learning-rate field instead of its own form</extracomment>
      <translation>恒定</translation>
    </message>
  </context>
  <context>
    <name>SearchPanel</name>
    <message>
      <source>But the pre-flight check calls its first step exploding: one step would change a layer's weights by %1 of their size (about 0.1% is typical). The search judged it only by validation accuracy after %2; a smaller learning rate is safer.</source>
      <translation>但训练前检查认为它的第一步会梯度爆炸：一步就会让某一层的权重改变其大小的 %1（通常约 0.1%）。搜索只看了 %2之后的验证准确率；更小的学习率更稳妥。</translation>
    </message>
    <message>
      <source>Trial %1 scored higher (%2), but the pre-flight check calls its first step exploding (one step would change a layer's weights by %3 of their size), so it is not offered as the best.</source>
      <translation>试验 %1 的分数更高（%2），但训练前检查认为它的第一步会梯度爆炸（一步就会让某一层的权重改变其大小的 %3），所以不把它作为最佳结果。</translation>
    </message>
    <message>
      <source>Applied trial %d (%s).</source>
      <translation>已应用试验 %d（%s）。</translation>
    </message>
    <message>
      <source>the Training and Network panels show them</source>
      <translation>可在训练面板和网络面板中看到</translation>
    </message>
    <message>
      <source>the Training panel shows them</source>
      <translation>可在训练面板中看到</translation>
    </message>
    <message>
      <source>Search trial %1 applied: %2 (%3). Press Start (F5) to train with them.</source>
      <translation>已应用搜索的试验 %1：%2（%3）。按“开始”（F5）用这些设置训练。</translation>
    </message>
    <message>
      <source>What to search</source>
      <extracomment>the trials so far, by round, and the data and space they ran on the running round's trials that reported progress (``running_trials``) the epoch time the newest finished round measured (the time estimate's basis while the studio holds its network and data)</extracomment>
      <translation>搜索内容</translation>
    </message>
    <message>
      <source>time not known yet</source>
      <extracomment>the bar's units per epoch of a run (a run reports its way through an epoch) epochs each run has trained (fractions while it runs), by trial the share of the round trained before it (re)started (``begin``) seconds the round took before it restarted to finish its cancelled runs the running round's sentence (said with its time) the bar's text while no round runs (``show_plan``), and the seconds it says why the round could not start (``refuse``), said on the bar until ``clear_refusal`` seconds the last round took (``finish``): its full bar says so, not the next round's plan (walker26 W26-13); None before a round, or once another starts ``(runs, cancelled)`` of the last round when some of its runs were cancelled (``finish``): its bar says how many were done, not 100% (walker33 W33-6) ``(runs, rounds)`` of an opened workspace's search (``show_restored``), said on its full bar until a round starts or the results are cleared; None otherwise says the time again every second, also before a run reports</extracomment>
      <translation>时间还不知道</translation>
    </message>
    <message>
      <source>%1 with these settings</source>
      <translation>按这些设置需要%1</translation>
    </message>
    <message>
      <source>took %1</source>
      <translation>用时 %1</translation>
    </message>
    <message>
      <source>%1 of %2 runs done (%3 cancelled)</source>
      <translation>已完成 %1/%2 次运行（%3 次已取消）</translation>
    </message>
    <message>
      <source>Its last round was cancelled: “%1” finishes it with the round's settings and seeds.</source>
      <translation>它的最后一组被取消了：“%1”会按这一组的设置和种子把它做完。</translation>
    </message>
    <message>
      <source>Round %d: %d runs of %d epochs in %d processes (starting the processes takes a few seconds)…</source>
      <translation>第 %d 组：%d 次运行，每次 %d 轮，使用 %d 个进程（启动进程需要几秒钟）...</translation>
    </message>
    <message>
      <source>Round %1 stays cut short (%2 cancelled): only the last round's cancelled runs can be run again.</source>
      <translation>第 %1 组保持未完成（%2 次已取消）：只有最后一组中已取消的运行可以再运行。</translation>
    </message>
    <message>
      <source>Round %1: training its %2 cancelled runs of %3 (%4 epochs each, in %5 processes); its other runs stay as they ended…</source>
      <translation>第 %1 组：训练其中已取消的 %2 次运行（共 %3 次，每次 %4 轮，使用 %5 个进程）；其他运行保持原样...</translation>
    </message>
    <message>
      <source>Round %d: trial %d reached epoch %d of %d (%d of %d runs done).</source>
      <translation>第 %d 组：试验 %d 已完成第 %d/%d 个轮次（已完成 %d/%d 次运行）。</translation>
    </message>
    <message>
      <source>Round %d: %d of %d runs done.</source>
      <translation>第 %d 组：已完成 %d/%d 次运行。</translation>
    </message>
    <message>
      <source>, </source>
      <translation>、</translation>
    </message>
    <message>
      <source>%1 %2</source>
      <translation>%1 次%2</translation>
    </message>
    <message>
      <source>Round %d finished: %s.</source>
      <translation>第 %d 组完成：%s。</translation>
    </message>
    <message>
      <source>“%1” trains them with the round's settings and seeds; Run search starts a new round with new random settings.</source>
      <translation>“%1”会按这一组的设置和种子训练它们；按“开始搜索”会用新的随机设置开始新的一组。</translation>
    </message>
    <message>
      <source>Best so far: trial %d, validation accuracy %s.</source>
      <translation>目前最佳：试验 %d，验证准确率 %s。</translation>
    </message>
    <message>
      <source>%1 so far.</source>
      <translation>已用 %1。</translation>
    </message>
    <message>
      <source>%1 so far; %2 left.</source>
      <translation>已用 %1，还剩%2。</translation>
    </message>
    <message>
      <source>tick at least one hyperparameter to search</source>
      <extracomment>run states in which the studio's run uses the processor</extracomment>
      <translation>至少勾选一个要搜索的超参数</translation>
    </message>
    <message>
      <source>Cannot start: %s</source>
      <translation>无法开始：%s</translation>
    </message>
    <message>
      <source>A run is starting: pause it (Space) or stop it (Shift+F5) first.</source>
      <translation>一次训练正在启动：请先暂停（空格键）或停止（Shift+F5）它。</translation>
    </message>
    <message>
      <source>A run is training (epoch %1 of %2): pause it (Space) or stop it (Shift+F5) first.</source>
      <translation>一次训练正在进行（第 %1 轮，共 %2 轮）：请先暂停（空格键）或停止（Shift+F5）它。</translation>
    </message>
    <message>
      <source>Choose what to search, then run.</source>
      <translation>选择要搜索的内容，然后运行。</translation>
    </message>
    <message>
      <source>A hyperparameter search is running (1 run done so far).</source>
      <translation>超参数搜索正在进行（目前已完成 1 次运行）。</translation>
    </message>
    <message>
      <source>A hyperparameter search is running (%1 runs done so far).</source>
      <translation>超参数搜索正在进行（目前已完成 %1 次运行）。</translation>
    </message>
    <message>
      <source>A training run beside it would share the processor and both would crawl: cancel the search on the Search page (Cancel) or wait until it ends, then press Start again.</source>
      <translation>在它旁边再训练一次会与它争用处理器，两边都会很慢：请在“超参数搜索”页取消搜索（取消），或等它结束，再按“开始”。</translation>
    </message>
    <message>
      <source>Cancelling: the running trials stop at their next step…</source>
      <translation>正在取消：正在运行的试验将在下一步停止...</translation>
    </message>
    <message>
      <source>Zoomed in: %s. Run the search again to sample the new ranges.</source>
      <translation>已细化：%s。再次运行搜索以在新的范围内采样。</translation>
    </message>
    <message>
      <source>No successful run yet.</source>
      <translation>还没有成功的运行。</translation>
    </message>
    <message>
      <source>The search failed: %s</source>
      <translation>搜索失败：%s</translation>
    </message>
  </context>
  <context>
    <name>SessionRecovery</name>
    <message>
      <source>Recover a session?</source>
      <extracomment>the shared autosave in the per-user folder: the session the next start restores the last session, kept when a window starts without restoring it the question about a crashed window's work was answered (True: its work was opened) the restored session is what the last window (which crashed or was killed) had autosaved, at this time of day (``saved_at_text``): the window keeps a note of it in sight until it is read (walker32 B35) the open question about a crashed window's work (``offer_recovery``), or None</extracomment>
      <translation>恢复会话？</translation>
    </message>
    <message>
      <source>A second dlstudio window closed unexpectedly. Its work was autosaved at %1.</source>
      <translation>第二个 dlstudio 窗口意外关闭了。它的工作已在 %1 自动保存。</translation>
    </message>
    <message>
      <source>Open it here (you are asked first about this window's changes that are in no file), or save it as a workspace file to open later and keep this window as it is. Discard deletes it.</source>
      <translation>可以在这里打开它（会先询问本窗口中尚未保存到任何文件的更改），或者把它另存为工作区文件以后再打开，本窗口保持不变。“丢弃”会删除它。</translation>
    </message>
    <message>
      <source>Open here</source>
      <translation>在这里打开</translation>
    </message>
    <message>
      <source>Save as file...</source>
      <translation>另存为文件...</translation>
    </message>
    <message>
      <source>the recovered work</source>
      <translation>恢复的工作</translation>
    </message>
    <message>
      <source>Cannot open the workspace</source>
      <translation>无法打开工作区</translation>
    </message>
    <message>
      <source>Opened the work of the window that closed unexpectedly (autosaved at %1). It is in no file yet: File &gt; Save workspace keeps it.</source>
      <translation>已打开意外关闭的窗口的工作（自动保存于 %1）。它还没有保存到任何文件中：用“文件 &gt; 保存工作区”保留它。</translation>
    </message>
    <message>
      <source>Save the recovered work</source>
      <translation>保存恢复的工作</translation>
    </message>
    <message>
      <source>Cannot save the workspace</source>
      <translation>无法保存工作区</translation>
    </message>
    <message>
      <source>Saved the work of the window that closed unexpectedly (autosaved at %1) as %2 (File &gt; Open workspace).</source>
      <translation>已把意外关闭的窗口的工作（自动保存于 %1）保存为 %2（文件 &gt; 打开工作区）。</translation>
    </message>
    <message>
      <source>Your last session (autosaved at %1) was kept: File &gt; Open recent &gt; Previous session opens it.</source>
      <translation>你上次的会话（自动保存于 %1）已保留：用“文件 &gt; 最近打开 &gt; 上次的会话”可以打开它。</translation>
    </message>
    <message>
      <source>your previous session</source>
      <translation>你上次的会话</translation>
    </message>
    <message>
      <source>Opened your previous session (autosaved at %1).</source>
      <translation>已打开你上次的会话（自动保存于 %1）。</translation>
    </message>
    <message>
      <source>Another dlstudio window is using your last session: this window starts fresh, and the next start does not restore its work. Save it to a file (you are asked when you close it).</source>
      <translation>另一个 dlstudio 窗口正在使用你上次的会话：这个窗口从空白开始，下次启动时不会恢复它的工作。请把它保存到文件中（关闭窗口时会询问你）。</translation>
    </message>
    <message>
      <source>dlstudio did not close properly last time: this is your session as autosaved at %1 (what happened after that was not kept).</source>
      <translation>dlstudio 上次没有正常关闭：这是你在 %1 自动保存的会话（之后发生的没有保留下来）。</translation>
    </message>
    <message>
      <source>Restored your last session.</source>
      <translation>已恢复上次的会话。</translation>
    </message>
    <message>
      <source>Last session not restored</source>
      <translation>未能恢复上次的会话</translation>
    </message>
    <message>
      <source>The autosaved session could not be opened (%1). It was kept as %2; you start with a fresh workspace.</source>
      <translation>无法打开自动保存的会话（%1）。它已保留为 %2；你将从一个新的工作区开始。</translation>
    </message>
    <message>
      <source>dlstudio did not close properly last time.</source>
      <translation>dlstudio 上次没有正常关闭。</translation>
    </message>
    <message>
      <source>This is your session as autosaved at %1: what happened after that (the end of a run that was training, changes made since) was not kept.</source>
      <translation>这是你在 %1 自动保存的会话：之后发生的（正在训练的运行的后续部分、之后所做的修改）没有保留下来。</translation>
    </message>
  </context>
  <context>
    <name>ShapeText</name>
    <message>
      <source>batch</source>
      <translation>批量</translation>
    </message>
    <message>
      <source>Output shape: "batch" is the number of examples that go through the network together (a mini-batch); it is not fixed when the network is built, so Keras prints it as None.</source>
      <translation>输出形状：“批量”是一起通过网络的样本数（一个小批量）；搭建网络时它还不确定，所以 Keras 把它显示为 None。</translation>
    </message>
    <message>
      <source>The output of one example. The network takes a whole mini-batch at once, so the full shape has the batch size in front: batch × 26 × 26 × 32 (Keras prints the batch as None).</source>
      <translation>一个样本的输出。网络一次处理整个小批量，所以完整的形状前面还有批量大小：批量 × 26 × 26 × 32（Keras 把批量显示为 None）。</translation>
    </message>
  </context>
  <context>
    <name>SkipNoteWidget</name>
    <message>
      <source>One row or file was skipped:</source>
      <translation>跳过了 1 行或文件：</translation>
    </message>
    <message>
      <source>%1 rows or files were skipped:</source>
      <translation>跳过了 %1 行或文件：</translation>
    </message>
    <message>
      <source>... and %1 more (the command dlstudio data lists them all)</source>
      <translation>……还有 %1 处（命令 dlstudio data 会全部列出）</translation>
    </message>
    <message>
      <source>Only one training example is left: check the file.</source>
      <translation>只剩下 1 个训练样本：请检查文件。</translation>
    </message>
    <message>
      <source>Only %1 training examples are left: check the file.</source>
      <translation>只剩下 %1 个训练样本：请检查文件。</translation>
    </message>
  </context>
  <context>
    <name>SourceChoiceMixin</name>
    <message>
      <source>Not loaded: %s</source>
      <translation>未加载：%s</translation>
    </message>
    <message>
      <source>The studio has no valid network to reuse.</source>
      <translation>工作室中没有可复用的有效网络。</translation>
    </message>
    <message>
      <source>the studio's variant %1</source>
      <translation>工作室的变体 %1</translation>
    </message>
    <message>
      <source>the studio's network</source>
      <translation>工作室的网络</translation>
    </message>
    <message>
      <source> (untrained!)</source>
      <translation>（未训练！）</translation>
    </message>
    <message>
      <source>Load a trained network</source>
      <translation>加载训练好的网络</translation>
    </message>
  </context>
  <context>
    <name>SpaceEditorWidget</name>
    <message>
      <source>linear</source>
      <extracomment>a sampling scale in words a student knows (walker27 W27-16: "log (10ʳ)", "1 − 10ʳ"), and what it does, on the item's tooltip</extracomment>
      <translation>线性</translation>
    </message>
    <message>
      <source>log scale</source>
      <translation>对数刻度</translation>
    </message>
    <message>
      <source>log scale near 1</source>
      <translation>对数刻度（靠近 1）</translation>
    </message>
    <message>
      <source>Every value of the range is as likely as any other.</source>
      <translation>范围内的每个值被选中的可能性都相同。</translation>
    </message>
    <message>
      <source>Every power of ten is tried as often: 0.001 to 0.01 as often as 0.1 to 1.</source>
      <translation>每个数量级被尝试的次数相同：0.001 到 0.01 与 0.1 到 1 一样常被尝试。</translation>
    </message>
    <message>
      <source>For settings just under 1 (momentum, β): 0.9 to 0.99 is tried as often as 0.99 to 0.999.</source>
      <translation>用于略小于 1 的设置（动量、β）：0.9 到 0.99 与 0.99 到 0.999 一样常被尝试。</translation>
    </message>
    <message>
      <source>Hyperparameter</source>
      <extracomment>the range boxes' own limits: any sensible search range lies well inside (a batch size of a whole 60,000-example set); Qt sizes a spin box for its limits' texts, and "-1000000000" made the Low/High columns so wide that the Scale column was cut at 1366x768 (walker31 W31-6)</extracomment>
      <translation>超参数</translation>
    </message>
    <message>
      <source>Low</source>
      <translation>下限</translation>
    </message>
    <message>
      <source>High</source>
      <translation>上限</translation>
    </message>
    <message>
      <source>Scale</source>
      <translation>尺度</translation>
    </message>
  </context>
  <context>
    <name>SplitBoxWidget</name>
    <message>
      <source>Splits and preprocessing</source>
      <extracomment>preprocessing choices: (stored value, label) test examples the dataset brings itself (0: the Test fraction splits them off)</extracomment>
      <translation>划分与预处理</translation>
    </message>
    <message>
      <source>Validation fraction</source>
      <translation>验证集比例</translation>
    </message>
    <message>
      <source>Test fraction</source>
      <translation>测试集比例</translation>
    </message>
    <message>
      <source>Preprocessing</source>
      <translation>预处理</translation>
    </message>
    <message>
      <source>Seed</source>
      <translation>随机种子</translation>
    </message>
    <message>
      <source>Part of the training data held out to check how well the network does on examples it never trains on.</source>
      <translation>从训练数据中留出的一部分，用来检查网络在从未训练过的样本上表现如何。</translation>
    </message>
    <message>
      <source>The same seed gives the same data, split and order.</source>
      <translation>相同的种子给出相同的数据、划分和顺序。</translation>
    </message>
    <message>
      <source>none</source>
      <translation>无</translation>
    </message>
    <message>
      <source>Statistics are fitted on the training split only, then applied to every split.</source>
      <translation>统计量只在训练集上拟合，然后应用到所有划分。</translation>
    </message>
    <message>
      <source>Not used: this dataset brings its own test set of %1 examples, which the final test uses.</source>
      <translation>未使用：这个数据集自带 %1 个样本的测试集，最终测试用的是它。</translation>
    </message>
    <message>
      <source>Part held out for a final test, used only when the dataset has no test set of its own.</source>
      <translation>留作最终测试的部分，仅当数据集本身没有测试集时使用。</translation>
    </message>
  </context>
  <context>
    <name>SplitNoteWidget</name>
    <message>
      <source>Validation fraction</source>
      <translation>验证集比例</translation>
    </message>
  </context>
  <context>
    <name>StartPageDialog</name>
    <message>
      <source>Welcome to dlstudio</source>
      <extracomment>the item data holding a recent workspace's path a recent workspace whose file has gone, removed from the list by the student</extracomment>
      <translation>欢迎使用 dlstudio</translation>
    </message>
    <message>
      <source>&lt;h2&gt;Watch neural networks learn&lt;/h2&gt;</source>
      <translation>&lt;h2&gt;看神经网络如何学习&lt;/h2&gt;</translation>
    </message>
    <message>
      <source>Each lesson sets up a network, trains it and shows you the plot where the effect appears, with a question to predict it first. Start with a lesson, take a one-minute tour of the window, or explore on your own.</source>
      <translation>每节课都会搭好一个网络、训练它，并把现象出现的那张图放到你面前；在此之前先有一个问题让你预测结果。你可以从一节课开始，花一分钟浏览一下窗口，或者自己随意探索。</translation>
    </message>
    <message>
      <source>Lesson</source>
      <translation>课程</translation>
    </message>
    <message>
      <source>Level</source>
      <translation>难度</translation>
    </message>
    <message>
      <source>Time</source>
      <translation>时长</translation>
    </message>
    <message>
      <source>Done</source>
      <translation>完成</translation>
    </message>
    <message>
      <source>Open lesson</source>
      <translation>打开课程</translation>
    </message>
    <message>
      <source>Take the tour</source>
      <translation>浏览窗口</translation>
    </message>
    <message>
      <source>Explore freely</source>
      <translation>自由探索</translation>
    </message>
    <message>
      <source>Open a saved workspace...</source>
      <translation>打开保存的工作区...</translation>
    </message>
    <message>
      <source>Continue your own work: a workspace (.dlsw) you saved</source>
      <translation>继续你自己的工作：打开你保存过的工作区（.dlsw）</translation>
    </message>
    <message>
      <source>&lt;b&gt;Your last session:&lt;/b&gt; %1</source>
      <translation>&lt;b&gt;你上次的会话：&lt;/b&gt;%1</translation>
    </message>
    <message>
      <source>Continue the run</source>
      <translation>继续训练</translation>
    </message>
    <message>
      <source>Back to it</source>
      <translation>回到会话</translation>
    </message>
    <message>
      <source>Close this page and look at your last session</source>
      <translation>关闭此页，查看你上次的会话</translation>
    </message>
    <message>
      <source>&lt;b&gt;Your recent workspaces&lt;/b&gt;</source>
      <translation>&lt;b&gt;最近使用的工作区&lt;/b&gt;</translation>
    </message>
    <message>
      <source>Show this page when dlstudio starts</source>
      <translation>启动 dlstudio 时显示此页</translation>
    </message>
    <message>
      <source>Workspace</source>
      <translation>工作区</translation>
    </message>
    <message>
      <source>Folder</source>
      <translation>文件夹</translation>
    </message>
    <message>
      <source>Saved</source>
      <translation>保存时间</translation>
    </message>
    <message>
      <source>file not found</source>
      <translation>找不到文件</translation>
    </message>
    <message>
      <source>open now, with unsaved changes</source>
      <translation>正在打开，有未保存的更改</translation>
    </message>
    <message>
      <source>a run you can continue from epoch %1 of %2; its curves and weights are here.</source>
      <translation>有一次训练可以从第 %1 轮（共 %2 轮）继续；它的曲线和权重都在。</translation>
    </message>
  </context>
  <context>
    <name>Status</name>
    <message>
      <source>Epoch {0} of {1}, step {2}</source>
      <extracomment>snapshot events that end a run the status texts, marked for lupdate (a helper's argument is invisible to it)</extracomment>
      <translation>第 {0}/{1} 轮，第 {2} 步</translation>
    </message>
    <message>
      <source>Epoch {0}, step {1}</source>
      <translation>第 {0} 轮，第 {1} 步</translation>
    </message>
    <message>
      <source>training loss {0:.3g} (running mean over the epoch)</source>
      <extracomment>the snapshot's training loss is the mean of the epoch's mini-batch losses so far, not the smoothed curve's value (walker29 W29-16: "training loss 0.283" beside a curve at 0.1)</extracomment>
      <translation>训练损失 {0:.3g}（每轮内的累计平均）</translation>
    </message>
    <message>
      <source>training loss {0:.3g} (the untrained network on one batch)</source>
      <extracomment>step 0: the untrained network's loss on one batch, before any step (walker37 W37-12: "Epoch 1, step 0: training loss 2.69 (running mean over the epoch)" read oddly)</extracomment>
      <translation>训练损失 {0:.3g}（未训练的网络在一批数据上）</translation>
    </message>
    <message>
      <source>validation accuracy {0:.1%}</source>
      <translation>验证准确率 {0:.1%}</translation>
    </message>
    <message>
      <source>training accuracy {0:.1%}</source>
      <translation>训练准确率 {0:.1%}</translation>
    </message>
    <message>
      <source>test accuracy {0:.1%}</source>
      <translation>测试准确率 {0:.1%}</translation>
    </message>
    <message>
      <source>{0:,.0f} examples/s</source>
      <translation>{0:,.0f} 样本/秒</translation>
    </message>
    <message>
      <source>{0}, {1}</source>
      <extracomment>a variant's verdict and its speed: "test accuracy 90.0%, 2,400 examples/s"</extracomment>
      <translation>{0}，{1}</translation>
    </message>
    <message>
      <source>{0}: {1}</source>
      <extracomment>where the run is, then how it does: "Epoch 1, step 0: training loss 2.69, ..."</extracomment>
      <translation>{0}：{1}</translation>
    </message>
    <message>
      <source>validation accuracy</source>
      <translation>验证准确率</translation>
    </message>
    <message>
      <source>training accuracy</source>
      <translation>训练准确率</translation>
    </message>
    <message>
      <source>training loss</source>
      <translation>训练损失</translation>
    </message>
  </context>
  <context>
    <name>StepDebuggerPanel</name>
    <message>
      <source>input patch under the kernel</source>
      <extracomment>entries of a vector shown before "…"</extracomment>
      <translation>卷积核下的输入块</translation>
    </message>
    <message>
      <source>inputs</source>
      <translation>输入</translation>
    </message>
    <message>
      <source>softmax with cross-entropy: (p − y) / N</source>
      <translation>softmax 配交叉熵：(p − y) / N</translation>
    </message>
    <message>
      <source>softmax: the sum runs over every output of this example</source>
      <translation>softmax：求和遍及这个样本的每一个输出</translation>
    </message>
    <message>
      <source>softmax with cross-entropy, from the loss directly: y = 1 for the true class, else 0; z also moves every other output through the sum, so ∂L/∂a alone does not give ∂L/∂z</source>
      <translation>softmax 配交叉熵，直接由损失得到：真实类别的 y = 1，其余为 0；z 还会通过分母中的求和改变其他每个输出，所以单看 ∂L/∂a 得不到 ∂L/∂z</translation>
    </message>
    <message>
      <source>this example</source>
      <translation>本样本</translation>
    </message>
    <message>
      <source>sum over the batch and every position</source>
      <translation>对整批样本和每个位置求和</translation>
    </message>
    <message>
      <source>sum over the batch</source>
      <translation>对整批样本求和</translation>
    </message>
    <message>
      <source>over the %1 values of this channel in the batch</source>
      <translation>基于本批中该通道的 %1 个值</translation>
    </message>
    <message>
      <source>window</source>
      <translation>窗口</translation>
    </message>
    <message>
      <source>entry %1 wins</source>
      <translation>第 %1 个值胜出</translation>
    </message>
    <message>
      <source>only the winner receives the gradient; the others get 0</source>
      <translation>只有胜出者得到梯度，其余为 0</translation>
    </message>
    <message>
      <source>every pixel of the window receives ∂L/∂y / m</source>
      <translation>窗口中每个像素都得到 ∂L/∂y / m</translation>
    </message>
    <message>
      <source>passed on unchanged</source>
      <translation>原样传递</translation>
    </message>
    <message>
      <source>Going up (forward pass)</source>
      <translation>向上（前向传播）</translation>
    </message>
    <message>
      <source>Going down (backward pass, chain rule)</source>
      <translation>向下（反向传播，链式法则）</translation>
    </message>
    <message>
      <source>weight</source>
      <translation>权重</translation>
    </message>
    <message>
      <source>backprop</source>
      <translation>反向传播</translation>
    </message>
    <message>
      <source>finite difference</source>
      <translation>有限差分</translation>
    </message>
    <message>
      <source>relative error</source>
      <translation>相对误差</translation>
    </message>
    <message>
      <source>too small to check</source>
      <translation>太小，无法检查</translation>
    </message>
    <message>
      <source>Check this gradient</source>
      <translation>检查这个梯度</translation>
    </message>
    <message>
      <source>(L(w + ε) − L(w − ε)) / 2ε with ε = 10⁻⁶, in float64</source>
      <translation>(L(w + ε) − L(w − ε)) / 2ε，ε = 10⁻⁶，float64 精度</translation>
    </message>
    <message>
      <source>Between w − ε and w + ε a ReLU unit somewhere in the network switched on or off, or a max-pooling window changed its winner: the loss has a corner there, so the finite difference may disagree with backprop.</source>
      <translation>在 w − ε 与 w + ε 之间，网络中某处有一个 ReLU 单元打开或关闭了，或某个最大池化窗口换了胜出者：损失在那里有一个折角，因此有限差分可能与反向传播不一致。</translation>
    </message>
    <message>
      <source>Too small to check by finite differences (|g| &lt; %1): such a gradient changes the loss by less than its float64 rounding, so the difference measures rounding noise, not backprop. This says nothing is wrong with backprop; the gradient is simply tiny (vanishing).</source>
      <translation>太小，无法用有限差分检查（|g| &lt; %1）：这样的梯度使损失的变化小于其 float64 舍入误差，因此差分测到的是舍入噪声，而不是反向传播。这并不说明反向传播有错；只是梯度极小（梯度消失）。</translation>
    </message>
    <message>
      <source>Step debugger</source>
      <extracomment>run states in which the weights stand still the layer row whose unit was last chosen (another row opens on ``default_unit``)</extracomment>
      <translation>单步调试器</translation>
    </message>
    <message>
      <source>Step inside</source>
      <translation>走进这一步</translation>
    </message>
    <message>
      <source>Follow one mini-batch through every layer, forward and backward (pause the training first)</source>
      <translation>跟随一个小批量走过每一层，前向与反向（先暂停训练）</translation>
    </message>
    <message>
      <source>Another batch</source>
      <translation>换一批</translation>
    </message>
    <message>
      <source>Example</source>
      <translation>样本</translation>
    </message>
    <message>
      <source>Unit</source>
      <translation>单元</translation>
    </message>
    <message>
      <source>weights</source>
      <translation>权重个数</translation>
    </message>
    <message>
      <source>How many random weights of the unit to check (at most the inputs it has; its bias is checked too)</source>
      <translation>检查该单元的多少个随机权重（最多为它的输入个数；它的偏置也会一并检查）</translation>
    </message>
    <message>
      <source>Pause the training (or before it starts), then press Step inside.</source>
      <translation>暂停训练（或在开始训练之前），然后点击“走进这一步”。</translation>
    </message>
    <message>
      <source>Pause the training first: the weights must stand still to be looked at.</source>
      <translation>请先暂停训练：权重静止时才能仔细查看。</translation>
    </message>
    <message>
      <source>The data is not loaded yet, or the network has a problem; try again in a moment.</source>
      <translation>数据尚未加载完，或网络有问题；请稍后再试。</translation>
    </message>
    <message>
      <source>Tracing one mini-batch... The first trace on this computer also prepares the float64 computations, which can take a minute or two; later ones take seconds.</source>
      <translation>正在追踪一个小批量...这台电脑上的第一次追踪还要准备 float64 计算，可能需要一两分钟；之后每次只需几秒。</translation>
    </message>
    <message>
      <source>This layer has no weights to check: pick a Dense, Conv2D or BatchNormalization layer.</source>
      <translation>这一层没有可检查的权重：请选择 Dense、Conv2D 或 BatchNormalization 层。</translation>
    </message>
    <message>
      <source>Computing finite differences...</source>
      <translation>正在计算有限差分...</translation>
    </message>
    <message>
      <source>unit</source>
      <translation>单元</translation>
    </message>
    <message>
      <source>row</source>
      <translation>行</translation>
    </message>
    <message>
      <source>column</source>
      <translation>列</translation>
    </message>
    <message>
      <source>channel</source>
      <translation>通道</translation>
    </message>
    <message>
      <source>Layer %1, example %2 of the batch</source>
      <translation>第 %1 层，本批第 %2 个样本</translation>
    </message>
    <message>
      <source>label %1</source>
      <translation>标签 %1</translation>
    </message>
    <message>
      <source>batch loss L = %1</source>
      <translation>本批损失 L = %1</translation>
    </message>
    <message>
      <source>One mini-batch of %1 training examples, traced in float64 with the current weights.</source>
      <translation>一个包含 %1 个训练样本的小批量，用当前权重以 float64 精度追踪。</translation>
    </message>
    <message>
      <source>The step could not be traced: %1</source>
      <translation>无法追踪这一步：%1</translation>
    </message>
  </context>
  <context>
    <name>StopRunQuestion</name>
    <message>
      <source>A run is starting. Stop it and quit?</source>
      <translation>一次训练正在启动。要停止它并退出吗？</translation>
    </message>
    <message>
      <source>A run is paused (epoch %1 of %2). Stop it and quit?</source>
      <translation>训练已暂停（第 %1 轮，共 %2 轮）。要停止它并退出吗？</translation>
    </message>
    <message>
      <source>A run is training (epoch %1 of %2). Stop it and quit?</source>
      <translation>正在训练（第 %1 轮，共 %2 轮）。要停止它并退出吗？</translation>
    </message>
    <message>
      <source>The run is kept where it stops: when dlstudio starts again, Run &gt; Continue trains it on from there.</source>
      <translation>训练会保留在停止的位置：下次启动 dlstudio 时，“运行 &gt; 继续”会从那里接着训练。</translation>
    </message>
    <message>
      <source>The curves and weights are kept as they are when it stops.</source>
      <translation>曲线和权重会保留停止时的状态。</translation>
    </message>
    <message>
      <source>Cancel keeps it paused.</source>
      <translation>选择“取消”则保持暂停。</translation>
    </message>
    <message>
      <source>Cancel keeps it training.</source>
      <translation>选择“取消”则继续训练。</translation>
    </message>
  </context>
  <context>
    <name>Studio</name>
    <message>
      <source>Frozen layers keep their new random weights in this run: %1 (Trainable is off in their Layer settings). Only the other layers learn; tick Trainable to train them too.</source>
      <extracomment>layers whose output has the shape of their input</extracomment>
      <translation>冻结的层在这次训练中一直保持新的随机权重：%1（它们的层设置中“可训练”未勾选）。只有其他层在学习；勾选“可训练”可以让它们也参与训练。</translation>
    </message>
    <message>
      <source>The studio holds the network opened from %1, with its trained weights; the curves are from the earlier run. Start trains it on from these weights; Reset weights gives it new random weights.</source>
      <extracomment>the network each variant's curves in the store were trained with the curves' trained weights were saved but came back damaged (a workspace)</extracomment>
      <translation>工作室中是从 %1 打开的网络，带着它训练好的权重；曲线来自之前的训练。按“开始”会从这些权重出发接着训练；按“重置权重”会给它新的随机权重。</translation>
    </message>
    <message>
      <source>The studio holds the network sent from Transfer learning, with its trained weights; the curves are from the earlier run. Start trains the sent network on from these weights.</source>
      <translation>工作室中是从迁移学习发送来的网络，带着它训练好的权重；曲线来自之前的训练。按“开始”会从这些权重出发接着训练发送来的网络。</translation>
    </message>
    <message>
      <source>The network was edited after this run: the curves are from the earlier network; press Start to train this one.</source>
      <translation>这次训练之后网络被修改过：曲线来自修改之前的网络；按“开始”训练现在这个网络。</translation>
    </message>
    <message>
      <source>%1.</source>
      <translation>%1。</translation>
    </message>
    <message>
      <source>This run stopped with an error in epoch %1: %2 The curves and weights are from then (details in the log). Press Start to train again from new weights.</source>
      <translation>这次训练在第 %1 轮因错误而停止：%2曲线和权重都停在那时（详细信息见日志）。按“开始”会从新的随机权重重新训练。</translation>
    </message>
    <message>
      <source>dlstudio closed during this run. Its last autosave has it at the end of epoch %1 (later steps were not saved): Continue trains it on from epoch %2; Start trains again from new weights.</source>
      <translation>这次训练期间 dlstudio 关闭了。最后一次自动保存停在第 %1 轮结束时（之后的步数没有保存）：按“继续”会从第 %2 轮接着训练；按“开始”会从新的随机权重重新训练。</translation>
    </message>
    <message>
      <source>dlstudio closed during this run. Its last autosave has it in epoch %1 (later steps were not saved): Continue trains it on from its last saved moment (epoch %2); Start trains again from new weights.</source>
      <translation>这次训练期间 dlstudio 关闭了。最后一次自动保存停在第 %1 轮中（之后的步数没有保存）：按“继续”会从它最后保存的时刻（第 %2 轮）接着训练；按“开始”会从新的随机权重重新训练。</translation>
    </message>
    <message>
      <source>This run was interrupted at epoch %1 (dlstudio closed during it): the curves and weights are from then. Press Start to train again from new weights.</source>
      <translation>这次训练在第 %1 轮被中断（训练期间 dlstudio 关闭了）：曲线和权重都停在那时。按“开始”会从新的随机权重重新训练。</translation>
    </message>
    <message>
      <source>The network on screen has new random weights (it was edited after this run); Continue puts the run's weights from epoch %1 back and trains on.</source>
      <translation>屏幕上的网络是新的随机权重（训练之后它被改动过）；按“继续”会把这次训练第 %1 轮的权重放回去并接着训练。</translation>
    </message>
    <message>
      <source>The saved weights inside this workspace are damaged: the network starts from new random weights, and the curves are from its earlier run. Press Start to train it again.</source>
      <translation>这个工作区里保存的权重已损坏：网络从新的随机权重开始，曲线来自它之前的训练。按“开始”重新训练。</translation>
    </message>
    <message>
      <source>The trained weights of this run are not here: the curves are from the run, the network has new random weights; press Start to train it again.</source>
      <translation>这次训练得到的权重不在这里：曲线来自那次训练，网络使用的是新的随机权重；按“开始”重新训练。</translation>
    </message>
    <message>
      <source>%1 set the training settings in use (%2, in the Training panel): Start trains with them</source>
      <extracomment>where the lessons are, kept in workspaces: {"lesson": id, "step": index, "run_for": [id, index] of the step the newest run was made for, or None}; the lesson panel keeps it current the newest run (its curves, trained weights and state) is a lesson's demonstration, started inside ``demonstration()`` (training spec, lesson id, step index) a lesson step set, until the student hears of it or changes the training settings (``note_lesson_settings``) the student's own training settings from before lesson steps replaced them, and (lesson id, step index) of the step that set the ones in use; both None while the settings in use are the student's own (W26-18: after a lesson the Training panel kept its values and nothing said whose they were) (lesson id, step index) whose settings the student then changed, while the settings from before the lessons are still kept (``edited_lesson_training``)</extracomment>
      <translation>当前的训练参数（%2，见“训练”面板）是%1设置的：点“开始”会用它们训练</translation>
    </message>
    <message>
      <source>%1 set the training settings still in use (%2): check them in the Training panel before Start</source>
      <translation>当前仍在使用%1设置的训练参数（%2）：开始训练前请在“训练”面板中检查它们</translation>
    </message>
    <message>
      <source>, </source>
      <translation>，</translation>
    </message>
    <message>
      <source>Lesson %1 step %2</source>
      <translation>第 %1 课第 %2 步</translation>
    </message>
    <message>
      <source>Lesson %1</source>
      <translation>第 %1 课</translation>
    </message>
    <message>
      <source>Branch %1 belonged to the previous run and is left out of this one (it went on from a moment of that run). To train variants side by side from new weights, add them in the Compare dock.</source>
      <extracomment>runs the training job; its signals reach the studio only for the current run the data spec the current run (or branch) trains on the settings of the newest run started with ``start`` (``RunSettings``), or None a folder to write TensorBoard event files of each run to, or None train in a child process (``gui/training_process.py``: the GUI thread's drawing then takes nothing from the training) instead of on the worker's thread; the window sets it from Run &gt; Train in a separate process (on until the user turns it off: ``app.training_in_process``); ``DLSTUDIO_TRAIN_PROCESS=1`` makes it every studio's default (e.g. to run the GUI tests that way) functions saying which long job of a tool holds the processor now ("" when none): a run does not start or resume beside it (``add_job_in_the_way``)</extracomment>
      <translation>分支 %1 属于上一次训练（它是从那次训练的某一时刻接着训练的），这次训练不再包含它。想让几个变体从新的权重开始并排训练，请在“对比”面板中添加它们。</translation>
    </message>
    <message>
      <source>Paused: Space resumes the run, F10 trains one mini-batch, Shift+F5 stops it.</source>
      <translation>已暂停：按空格键继续训练，F10 训练一个小批量，Shift+F5 停止。</translation>
    </message>
    <message>
      <source>Training: Space pauses the run, Shift+F5 stops it.</source>
      <translation>正在训练：按空格键暂停，Shift+F5 停止。</translation>
    </message>
    <message>
      <source>Input shape is now %1 to take the examples of %2; it was %3. Ctrl+Z puts it back.</source>
      <translation>输入形状已改为 %1，以接收 %2 的样本；原来是 %3。Ctrl+Z 可撤销。</translation>
    </message>
    <message>
      <source>The run is in epoch %1, but the Training panel's Epochs is %2: Continue trains the run on to the panel's Epochs. Set Epochs to %1 or more to continue it, or press Start to train again from new weights.</source>
      <extracomment>the live settings that change training (not how the probes measure): Continue takes them from the Training panel settings a branch may change (the live settings that change training, and the batch size) (moment, data spec) of the base run, kept by a workspace (``keep_resume_point``)</extracomment>
      <translation>训练处在第 %1 轮，但训练面板中的轮数是 %2：“继续”会把训练接着进行到面板中的轮数。请把轮数设为 %1 或更多再继续，或按“开始”从新的随机权重重新训练。</translation>
    </message>
    <message>
      <source>Training the finished run on from epoch %1 to epoch %2.</source>
      <translation>从第 %1 轮起继续训练已完成的这次训练，直到第 %2 轮。</translation>
    </message>
    <message>
      <source>Continuing the run from epoch %1.</source>
      <translation>从第 %1 轮继续训练。</translation>
    </message>
    <message>
      <source>Continuing the run from epoch %1 with its saved weights. Its optimizer state (momentum, running averages) was too large to keep in the workspace, so the optimizer starts afresh: the first steps may jump a little.</source>
      <translation>用保存的权重从第 %1 轮继续训练。它的优化器状态（动量、滑动平均）太大，没有保存在工作区里，所以优化器从头开始：最初几步可能会有些跳动。</translation>
    </message>
  </context>
  <context>
    <name>SummaryTableWidget</name>
    <message>
      <source>Layer (type)</source>
      <extracomment>the column of the receptive field (shown only for networks with image layers)</extracomment>
      <translation>层（类型）</translation>
    </message>
    <message>
      <source>Layer</source>
      <translation>层</translation>
    </message>
    <message>
      <source>Output shape</source>
      <translation>输出形状</translation>
    </message>
    <message>
      <source>Params</source>
      <translation>参数</translation>
    </message>
    <message>
      <source>Receptive
field</source>
      <translation>感受野</translation>
    </message>
    <message>
      <source>The patch of the input image (height × width pixels) that one unit of this layer depends on. Every convolution or pooling window widens it.</source>
      <translation>这一层的一个单元所依赖的输入图像区域（高 × 宽，单位为像素）。每个卷积或池化窗口都会让它变大。</translation>
    </message>
    <message>
      <source>Total params</source>
      <translation>参数总数</translation>
    </message>
    <message>
      <source>Trainable params</source>
      <translation>可训练参数</translation>
    </message>
    <message>
      <source>Non-trainable params</source>
      <translation>不可训练参数</translation>
    </message>
  </context>
  <context>
    <name>SurfacePlotWidget</name>
    <message>
      <source>x (weight 1)</source>
      <extracomment>background shading, low loss (a soft blue) to high loss (near white) the same shading in the dark theme: the valley a muted blue, high ground near the dark background (the light map was a white square on the dark window, walker19 W19-10) the legend's columns where the plot is wide enough (``fit_legend``) the view rectangle the shading was drawn for (x0, x1, y0, y1)</extracomment>
      <translation>x（权重 1）</translation>
    </message>
    <message>
      <source>y (weight 2)</source>
      <translation>y（权重 2）</translation>
    </message>
  </context>
  <context>
    <name>TaskNoteWidget</name>
    <message>
      <source>Warning: task %1</source>
      <extracomment>skipped rows or files named one by one in the data panel (the rest are counted) fewer training examples than this after skipping rows earns a warning</extracomment>
      <translation>警告：任务 %1</translation>
    </message>
    <message>
      <source>Task: %1</source>
      <translation>任务：%1</translation>
    </message>
  </context>
  <context>
    <name>TimelineBarWidget</name>
    <message>
      <source>Timeline</source>
      <extracomment>the slider is never narrower than this (pixels): with the Lessons dock open it shrank to a 25-pixel stub that could not be scrubbed (walker14 W14-7) narrower than this, the bar drops its "Timeline" title and shortens "Branch from here..." so the slider keeps the room</extracomment>
      <translation>时间轴</translation>
    </message>
    <message>
      <source>Live</source>
      <translation>实时</translation>
    </message>
    <message>
      <source>Branch...</source>
      <translation>分支...</translation>
    </message>
    <message>
      <source>Branch from here...</source>
      <translation>从这里分支...</translation>
    </message>
    <message>
      <source>Show the run as it is now</source>
      <translation>显示训练的当前状态</translation>
    </message>
    <message>
      <source>Branch from here: continue the run from this moment with one setting changed, drawn over the original</source>
      <translation>从这里分支：从这一刻起改动一个设置继续训练，并画在原来的曲线上</translation>
    </message>
    <message>
      <source>no moments kept</source>
      <translation>没有保留时刻</translation>
    </message>
    <message>
      <source>no moments yet</source>
      <translation>尚无记录点</translation>
    </message>
    <message>
      <source>live (step {0})</source>
      <translation>实时（第 {0} 步）</translation>
    </message>
    <message>
      <source>step {0} of {1}, the earliest kept</source>
      <translation>第 {0} 步 / 共 {1} 步，最早保留</translation>
    </message>
    <message>
      <source>step {0} of {1}</source>
      <translation>第 {0} 步 / 共 {1} 步</translation>
    </message>
    <message>
      <source>Moments from step {0} on: the run's earlier steps came from a saved workspace, which keeps no moments along the way.</source>
      <translation>时刻从第 {0} 步开始保留：训练更早的步骤来自保存的工作区，工作区不保留过程中的时刻。</translation>
    </message>
    <message>
      <source>These curves came from a saved workspace, which keeps no moments along the run: moments are kept again when it trains.</source>
      <translation>这些曲线来自保存的工作区，工作区不保留训练过程中的时刻：再次训练时会重新保留时刻。</translation>
    </message>
    <message>
      <source>Drag to see every panel as the run was at that step</source>
      <translation>拖动以查看训练在该步时各面板的样子</translation>
    </message>
    <message>
      <source>Cannot branch</source>
      <translation>无法分支</translation>
    </message>
  </context>
  <context>
    <name>Tour</name>
    <message>
      <source>&lt;b&gt;The network.&lt;/b&gt; You build it in the Network panel: pick a ready-made preset or add layers from the list; the selected layer's settings are below.</source>
      <translation>&lt;b&gt;网络。&lt;/b&gt;在“网络”面板里搭建网络：选择一个现成的预设，或从列表中添加层；选中层的设置在下方。</translation>
    </message>
    <message>
      <source>&lt;b&gt;Data and training.&lt;/b&gt; The Data, Training and Compare panels: the data set, how the network trains (optimizer, learning rate, epochs) and the variants to compare.</source>
      <translation>&lt;b&gt;数据与训练。&lt;/b&gt;“数据”“训练”和“对比”面板：数据集、网络如何训练（优化器、学习率、轮数）以及用于比较的变体。</translation>
    </message>
    <message>
      <source>&lt;b&gt;Running.&lt;/b&gt; Start (F5) trains from fresh weights; Pause, Step (one mini-batch at a time) and Stop control the run.</source>
      <translation>&lt;b&gt;运行。&lt;/b&gt;“开始”(F5) 从新的权重开始训练；“暂停”、“单步”（每次一个小批量）和“停止”控制训练过程。</translation>
    </message>
    <message>
      <source>&lt;b&gt;Watching.&lt;/b&gt; The middle shows what happens while it trains: loss and accuracy, each layer's gradients, activations and weights, and the outcome.</source>
      <translation>&lt;b&gt;观察。&lt;/b&gt;中间显示训练过程中发生的事情：损失和准确率、每一层的梯度、激活值和权重，以及结果。</translation>
    </message>
    <message>
      <source>&lt;b&gt;Lessons.&lt;/b&gt; They walk you through the classic effects step by step. Help &gt; Lessons and start page brings the list back; View &gt; Lesson layout gives the lesson and the plots the whole window.</source>
      <translation>&lt;b&gt;课程。&lt;/b&gt;课程一步步带你认识经典现象。“帮助 &gt; 课程与起始页”可以重新打开课程列表；“视图 &gt; 课程布局”让课程和图表占满整个窗口。</translation>
    </message>
  </context>
  <context>
    <name>TourDialog</name>
    <message>
      <source>Tour of dlstudio</source>
      <translation>dlstudio 导览</translation>
    </message>
    <message>
      <source>Back</source>
      <translation>上一步</translation>
    </message>
    <message>
      <source>Done</source>
      <translation>完成</translation>
    </message>
    <message>
      <source>Next</source>
      <translation>下一步</translation>
    </message>
  </context>
  <context>
    <name>TrainedNetwork</name>
    <message>
      <source>Trained networks (*.dlsnet *.dlsw);;Saved networks (*.dlsnet);;Workspaces (*.dlsw);;All files (*)</source>
      <extracomment>the suffix of a saved network</extracomment>
      <translation>训练好的网络 (*.dlsnet *.dlsw);;保存的网络 (*.dlsnet);;工作区 (*.dlsw);;所有文件 (*)</translation>
    </message>
    <message>
      <source>Cannot save the trained network</source>
      <translation>无法保存训练好的网络</translation>
    </message>
    <message>
      <source>Save trained network</source>
      <translation>保存训练好的网络</translation>
    </message>
    <message>
      <source>Saved networks (*.dlsnet)</source>
      <translation>保存的网络 (*.dlsnet)</translation>
    </message>
    <message>
      <source>Saved the trained network as %1</source>
      <translation>已将训练好的网络保存为 %1</translation>
    </message>
  </context>
  <context>
    <name>TrainingPanel</name>
    <message>
      <source>(live)</source>
      <extracomment>what the learning-rate field accepts: wide enough for every lesson's extremes (the divergence demos use rates far above 1); a spec outside it widens the field, never clips</extracomment>
      <translation>（实时）</translation>
    </message>
    <message>
      <source>Optimizer and learning rate</source>
      <translation>优化器与学习率</translation>
    </message>
    <message>
      <source>Batches and epochs</source>
      <translation>批次与轮数</translation>
    </message>
    <message>
      <source>Regularization and clipping</source>
      <translation>正则化与梯度裁剪</translation>
    </message>
    <message>
      <source>Early stopping</source>
      <translation>提前停止</translation>
    </message>
    <message>
      <source>The rule that turns gradients into weight changes.</source>
      <translation>把梯度转化为权重更新的规则。</translation>
    </message>
    <message>
      <source>How big a step the optimizer takes. Too small: slow. Too large: the loss jumps around or becomes NaN.</source>
      <translation>优化器每一步迈多大。太小：学得慢。太大：损失来回跳动甚至变成 NaN。</translation>
    </message>
    <message>
      <source>How the learning rate changes while training; the plot shows it over the whole run.</source>
      <translation>训练过程中学习率如何变化；下图显示整个训练过程中的学习率。</translation>
    </message>
    <message>
      <source>Examples per gradient step. Small batches give noisier steps.</source>
      <translation>每次梯度更新使用的样本数。批越小，更新越嘈杂。</translation>
    </message>
    <message>
      <source>How many times to go through the whole training set.</source>
      <translation>遍历整个训练集的次数。</translation>
    </message>
    <message>
      <source>What the network minimizes. Cross-entropy for classes, mean squared error for numbers.</source>
      <translation>网络要最小化的量。分类用交叉熵，数值预测用均方误差。</translation>
    </message>
    <message>
      <source>Fixes the initial weights and the batch order: the same seed repeats the same run.</source>
      <translation>固定初始权重和批次顺序：相同的种子会重现相同的训练。</translation>
    </message>
    <message>
      <source>Adds the sum of |weights| to the loss: pushes many weights to exactly zero.</source>
      <translation>把 |权重| 之和加到损失中：使许多权重变为零。</translation>
    </message>
    <message>
      <source>Adds the sum of squared weights to the loss: keeps weights small (weight decay).</source>
      <translation>把权重平方和加到损失中：让权重保持较小（权重衰减）。</translation>
    </message>
    <message>
      <source>After each step, shrink every unit's incoming weights to at most this length.</source>
      <translation>每一步之后，把每个神经元的输入权重向量长度缩小到不超过此值。</translation>
    </message>
    <message>
      <source>The rate of every Dropout layer in the network. Add Dropout layers in the network editor first.</source>
      <translation>网络中所有 Dropout 层的比例。请先在网络编辑器中添加 Dropout 层。</translation>
    </message>
    <message>
      <source>Cut every gradient component to [-value, value].</source>
      <translation>把梯度的每个分量截断到 [-值, 值]。</translation>
    </message>
    <message>
      <source>Scale all gradients down together when their overall length exceeds this: tames exploding gradients.</source>
      <translation>当所有梯度的总长度超过此值时，把它们一起按比例缩小：抑制梯度爆炸。</translation>
    </message>
    <message>
      <source>Stop when the validation loss has not improved for a while, and go back to the best weights.</source>
      <translation>当验证损失一段时间没有改善时停止训练，并回到最好的权重。</translation>
    </message>
    <message>
      <source>Epochs without improvement before stopping.</source>
      <translation>停止前允许没有改善的轮数。</translation>
    </message>
  </context>
  <context>
    <name>TrainingProcess</name>
    <message>
      <source>dlstudio was updated while this window was open: the process that trains runs uses the new files, this window the old ones. Close dlstudio and start it again, or untick Run &gt; Train in a separate process to train in this window.</source>
      <extracomment>the sender writes at most this often (s): the classroom toy's run yields ~1,400 items a second, and a sender woken for each took the GIL from the training thread each time (~10% of its speed); the window collects what arrived every 25 ms (``worker.POLL_MS``) at most this many messages in one write</extracomment>
      <translation>这个窗口打开期间 dlstudio 已更新：负责训练的进程用的是新文件，这个窗口用的是旧文件。请关闭 dlstudio 再重新启动，或者取消勾选“运行 &gt; 在单独的进程中训练”，在这个窗口里训练。</translation>
    </message>
    <message>
      <source>No separate training process could be started: this run trains in the window's process.</source>
      <extracomment>how long the parent waits for a message before it checks that its child still lives (s) bytes the pipe from a child holds before its sender waits (Linux: up to the system's ``fs.pipe-max-size``, 1 MB by default): a 3 MB moment goes over in a few writes</extracomment>
      <translation>无法启动单独的训练进程：本次训练在窗口的进程中进行。</translation>
    </message>
    <message>
      <source>The process training the run ended unexpectedly (exit code %1). Start the run again; if it happens again, close other programs to free memory.</source>
      <extracomment>set by the child once its kernels are compiled (or loaded from Numba's cache)</extracomment>
      <translation>负责训练的进程意外结束（退出码 %1）。请重新开始训练；如果再次发生，请关闭其他程序以释放内存。</translation>
    </message>
  </context>
  <context>
    <name>TrainingSetting</name>
    <message>
      <source>Optimizer</source>
      <extracomment>training setting -&gt; its name on screen (English; ``setting_label`` translates it)</extracomment>
      <translation>优化器</translation>
    </message>
    <message>
      <source>Learning rate</source>
      <translation>学习率</translation>
    </message>
    <message>
      <source>Schedule</source>
      <translation>学习率调度</translation>
    </message>
    <message>
      <source>Batch size</source>
      <translation>批大小</translation>
    </message>
    <message>
      <source>Epochs</source>
      <translation>轮数（epoch）</translation>
    </message>
    <message>
      <source>Loss</source>
      <translation>损失函数</translation>
    </message>
    <message>
      <source>Seed</source>
      <translation>随机种子</translation>
    </message>
    <message>
      <source>L1 penalty</source>
      <translation>L1 惩罚</translation>
    </message>
    <message>
      <source>L2 penalty</source>
      <translation>L2 惩罚</translation>
    </message>
    <message>
      <source>Max-norm</source>
      <translation>最大范数</translation>
    </message>
    <message>
      <source>Dropout rate</source>
      <translation>Dropout 比例</translation>
    </message>
    <message>
      <source>Clip gradients by value</source>
      <translation>按值裁剪梯度</translation>
    </message>
    <message>
      <source>Clip gradient norm</source>
      <translation>裁剪梯度范数</translation>
    </message>
    <message>
      <source>Stop early</source>
      <translation>提前停止</translation>
    </message>
    <message>
      <source>Patience (epochs)</source>
      <translation>耐心（轮数）</translation>
    </message>
  </context>
  <context>
    <name>TrainingWorker</name>
    <message>
      <source>Loading the data...</source>
      <extracomment>how often (seconds) the job sends a copy of the weights to the GUI thread final snapshot events, which are also the run's final states</extracomment>
      <translation>正在加载数据...</translation>
    </message>
    <message>
      <source>Preparing the run...</source>
      <translation>正在准备训练...</translation>
    </message>
    <message>
      <source>Preparing the run (loading the compiled kernels)...</source>
      <translation>正在准备训练（加载已编译的计算内核）...</translation>
    </message>
    <message>
      <source>Preparing the kernels (the very first run compiles them, which can take a minute or two)...</source>
      <translation>正在准备计算内核（第一次运行需要编译，可能需要一两分钟）...</translation>
    </message>
    <message>
      <source>Building the network...</source>
      <translation>正在构建网络...</translation>
    </message>
  </context>
  <context>
    <name>TransferPanel</name>
    <message>
      <source>Load a saved network…</source>
      <extracomment>the source's name as shown (a function of no arguments when it is translated) asked before Send to studio replaces the studio's network (the window asks about work that is in no file, as Open Keras model does: W9-25): False sends nothing; None: nothing to ask the plan the controls and the layer table show, for the source's layers</extracomment>
      <translation>加载已保存的网络...</translation>
    </message>
    <message>
      <source>Use the studio's network</source>
      <translation>使用工作室中的网络</translation>
    </message>
    <message>
      <source>Train</source>
      <translation>训练</translation>
    </message>
    <message>
      <source>Stop</source>
      <translation>停止</translation>
    </message>
    <message>
      <source>Send to studio</source>
      <translation>发送到工作室</translation>
    </message>
    <message>
      <source>make the trained network (with its frozen layers) the studio's network</source>
      <translation>把训练好的网络（连同冻结层）设为工作室的网络</translation>
    </message>
    <message>
      <source>Load or choose a source network first.</source>
      <translation>请先加载或选择一个源网络。</translation>
    </message>
    <message>
      <source>Training the new head…</source>
      <translation>正在训练新的输出头...</translation>
    </message>
    <message>
      <source>Transfer learning is training a new head.</source>
      <translation>迁移学习正在训练新的输出头。</translation>
    </message>
    <message>
      <source>Train first.</source>
      <translation>请先训练。</translation>
    </message>
    <message>
      <source>%s: epoch %d, validation accuracy %.1f%%</source>
      <translation>%s：第 %d 轮，验证准确率 %.1f%%</translation>
    </message>
    <message>
      <source>new head</source>
      <translation>新的输出头</translation>
    </message>
    <message>
      <source>fine-tuning</source>
      <translation>微调</translation>
    </message>
    <message>
      <source>Done in %.1f s (training %.2f s, caching %.2f s).</source>
      <translation>用时 %.1f 秒（训练 %.2f 秒，缓存 %.2f 秒）。</translation>
    </message>
    <message>
      <source>Training failed: %s</source>
      <translation>训练失败：%s</translation>
    </message>
  </context>
  <context>
    <name>UnitsPanel</name>
    <message>
      <source>Follow the units of</source>
      <extracomment>the user chose a layer to follow (0-based index) or None the user chose the unit (0-based index) whose output the lower plot follows its placeholder says how units get recorded (a layer chosen before Start), run or not variant -&gt; (layer, unit fields, step): a layer measured on the trained network after its run, shown where the run recorded none (show_trained; walker22 W22-5)</extracomment>
      <translation>跟踪这一层的单元</translation>
    </message>
    <message>
      <source>(no layer)</source>
      <translation>（不选层）</translation>
    </message>
    <message>
      <source>Unit over time</source>
      <translation>随时间跟踪的单元</translation>
    </message>
    <message>
      <source>The unit whose mean output the lower plot follows over time (or click its bar in the unit map). Every unit is recorded: you can switch during or after a run.</source>
      <translation>下方曲线随时间跟踪其平均输出的单元（也可以点击单元图中它的柱子）。每个单元都有记录：训练中或训练后都可以切换。</translation>
    </message>
    <message>
      <source>The units of %1 are recorded while the network trains, from the next Start on: this page then shows which of them are dead or saturated and how one unit's output changes.</source>
      <translation>网络训练时会记录 %1 的单元（从下一次按“开始”起）：这里随后会显示其中哪些单元死亡或饱和，以及一个单元的输出如何变化。</translation>
    </message>
    <message>
      <source>Choose a layer above. Its units are recorded while the network trains, from the next Start on: this page then shows which of them are dead or saturated and how one unit's output changes.</source>
      <translation>请在上方选择一层。网络训练时会记录这一层的单元（从下一次按“开始”起）：这里随后会显示其中哪些单元死亡或饱和，以及一个单元的输出如何变化。</translation>
    </message>
    <message>
      <source>Unit map of %1: share of outputs on the live side (0 = dead or saturated)</source>
      <translation>%1 的单元图：输出处于有效区的比例（0 = 死亡或饱和）</translation>
    </message>
    <message>
      <source>Unit %1 of %2 over time: its mean output</source>
      <translation>%2 的单元 %1 随时间的变化：平均输出</translation>
    </message>
    <message>
      <source>Unit map of %1 in the trained network (step %2): share of outputs on the live side (0 = dead or saturated)</source>
      <translation>训练后网络（第 %2 步）中 %1 的单元图：输出处于有效区的比例（0 = 死亡或饱和）</translation>
    </message>
    <message>
      <source>Unit %1 of %2 after the run: its mean output (followed over time from the next Start)</source>
      <translation>训练后 %2 的单元 %1：平均输出（从下一次按“开始”起记录随时间的变化）</translation>
    </message>
    <message>
      <source>unit (click one to follow it below)</source>
      <translation>单元（点击一个，在下方跟踪它）</translation>
    </message>
    <message>
      <source>share</source>
      <translation>比例</translation>
    </message>
    <message>
      <source>step</source>
      <translation>步</translation>
    </message>
    <message>
      <source>mean output</source>
      <translation>平均输出</translation>
    </message>
  </context>
  <context>
    <name>VariantChoiceWidget</name>
    <message>
      <source>Variant:</source>
      <extracomment>the variant the student picked (None: the best-scoring one)</extracomment>
      <translation>变体：</translation>
    </message>
    <message>
      <source>%1 (diverged)</source>
      <translation>%1（已发散）</translation>
    </message>
  </context>
  <context>
    <name>WeightsPanel</name>
    <message>
      <source>Batch normalization: how far the moving averages (used at test time) are from the statistics of the data now</source>
      <translation>批归一化：移动平均值（测试时使用）与当前数据的统计量相差多远</translation>
    </message>
    <message>
      <source>BN {n}</source>
      <translation>BN {n}</translation>
    </message>
    <message>
      <source>Mean: |moving - batch|, average over channels</source>
      <translation>均值：|移动平均 - 批次|，各通道的平均</translation>
    </message>
    <message>
      <source>Variance: moving / batch (1 = matches)</source>
      <translation>方差：移动平均 / 批次（1 = 一致）</translation>
    </message>
    <message>
      <source>Start training to see how the weights of each layer change.</source>
      <extracomment>batch-norm statistics plots per row (five in one row were ~50 px tall and unreadable) preferred height of one batch-norm plot, in pixels least heights (pixels) of a weight histogram, the norm plot, a batch-norm plot least height (pixels) of a weight histogram's bars: its title may take three lines (each variant's share of small weights), which the plot adds to it (walker21 W21-5) the two gap plots ("mean", "variance") and their curves by (variant, which)</extracomment>
      <translation>开始训练即可看到每一层权重如何变化。</translation>
    </message>
    <message>
      <source>These are the blown-up weights of step {shown}; the network keeps its initial weights (drag the timeline to step 0 to see them).</source>
      <translation>这些是第 {shown} 步已经发散的权重；网络保留的是它的初始权重（把时间轴拖到第 0 步即可看到它们）。</translation>
    </message>
    <message>
      <source>These are the blown-up weights of step {shown}; the network keeps those of step {kept} (drag the timeline to step {kept} to see them).</source>
      <translation>这些是第 {shown} 步已经发散的权重；网络保留的是第 {kept} 步的权重（把时间轴拖到第 {kept} 步即可看到它们）。</translation>
    </message>
    <message>
      <source>Weight histograms now (share of weights per bin; in each title's brackets: the share with |w| &lt; {threshold})</source>
      <translation>当前权重直方图（每个区间所占比例；标题括号里：|w| &lt; {threshold} 的权重所占比例）</translation>
    </message>
    <message>
      <source>Weight histograms at step {step} (share of weights per bin; in each title's brackets: the share with |w| &lt; {threshold})</source>
      <translation>第 {step} 步的权重直方图（每个区间所占比例；标题括号里：|w| &lt; {threshold} 的权重所占比例）</translation>
    </message>
    <message>
      <source>weight</source>
      <translation>权重</translation>
    </message>
    <message>
      <source>Weight norm per layer</source>
      <translation>各层权重范数</translation>
    </message>
    <message>
      <source>step</source>
      <translation>步</translation>
    </message>
    <message>
      <source>||W||</source>
      <translation>||W||</translation>
    </message>
    <message>
      <source>Batch normalization: moving mean (dots) and moving variance (squares) per channel</source>
      <translation>批归一化：每个通道的滑动均值（圆点）和滑动方差（方块）</translation>
    </message>
    <message>
      <source>channel</source>
      <translation>通道</translation>
    </message>
    <message>
      <source>value</source>
      <translation>值</translation>
    </message>
    <message>
      <source>This network has no batch-normalization layer; add one to see its running mean and variance here.</source>
      <translation>此网络没有批归一化层；添加一个即可在此看到它的滑动均值和方差。</translation>
    </message>
    <message>
      <source>BN {n} (after {layer})</source>
      <translation>BN {n}（在 {layer} 之后）</translation>
    </message>
    <message>
      <source>{layer} ({shares})</source>
      <translation>{layer}（{shares}）</translation>
    </message>
    <message>
      <source>solid</source>
      <translation>实线</translation>
    </message>
    <message>
      <source>dashed</source>
      <translation>虚线</translation>
    </message>
    <message>
      <source>dotted</source>
      <translation>点线</translation>
    </message>
    <message>
      <source>dash-dot</source>
      <translation>点划线</translation>
    </message>
    <message>
      <source>dash-dot-dot</source>
      <translation>双点划线</translation>
    </message>
    <message>
      <source>, </source>
      <translation>，</translation>
    </message>
    <message>
      <source>{variant}: {line}</source>
      <translation>{variant}：{line}</translation>
    </message>
    <message>
      <source>Weight norm per layer (colour: layer; {styles})</source>
      <translation>各层权重范数（颜色：层；{styles}）</translation>
    </message>
  </context>
  <context>
    <name>WorkspaceController</name>
    <message>
      <source>Started a new workspace: the default network, data and settings, not trained yet.</source>
      <extracomment>``path`` or ``modified`` changed (the window's title follows) a workspace was put in place of the session (opened, restored): its view settings (``ui``), which the window follows as ``gui/workspace_view.py`` says whose work the changes in no file are (``own_work``, ``lesson_work``) replaced in tests: (parent, file name) -&gt; QMessageBox.StandardButton replaced in tests: (parent, question, detail) -&gt; True to stop the run and quit replaced in tests: (parent, file name) -&gt; "overwrite", "save_as" or "cancel" (modification time in ns, size) of ``path`` when this window last read or wrote it: another window saving the same file changes it (W9-17) the session lock, the previous session and crashed windows' work the note telling other windows which file this one has open (``gui/open_files.py``) replaced in tests: (parent, file name, unsaved there) -&gt; True to open it anyway when to autosave (``autosave_now`` writes it) the trained weights as the file holds them (a timeline scrub changes no weights)</extracomment>
      <translation>已新建工作区：默认的网络、数据和设置，尚未训练。</translation>
    </message>
    <message>
      <source>Cannot open the workspace</source>
      <translation>无法打开工作区</translation>
    </message>
    <message>
      <source>Choose a workspace that dlstudio saved (its name ends in .dlsw). If it is one you worked on recently, File &gt; Open recent &gt; Previous session may hold a copy: dlstudio autosaves your session.</source>
      <translation>请选择 dlstudio 保存的工作区（文件名以 .dlsw 结尾）。如果它是你最近用过的工作区，“文件 &gt; 最近打开 &gt; 上次的会话”里可能有一份副本：dlstudio 会自动保存你的会话。</translation>
    </message>
    <message>
      <source>Opened %1.</source>
      <translation>已打开 %1。</translation>
    </message>
    <message>
      <source>Opened %1</source>
      <translation>已打开 %1</translation>
    </message>
    <message>
      <source>Parts of the workspace were not opened</source>
      <translation>工作区的部分内容没有打开</translation>
    </message>
    <message>
      <source>The rest of the workspace was opened. Left out:</source>
      <translation>工作区的其余部分已打开。未打开的部分：</translation>
    </message>
    <message>
      <source>Cannot save the workspace</source>
      <translation>无法保存工作区</translation>
    </message>
    <message>
      <source>Saved %1</source>
      <translation>已保存 %1</translation>
    </message>
    <message>
      <source>dlstudio workspaces (*%1)</source>
      <translation>dlstudio 工作区 (*%1)</translation>
    </message>
    <message>
      <source>Open workspace</source>
      <translation>打开工作区</translation>
    </message>
    <message>
      <source>Save workspace</source>
      <translation>保存工作区</translation>
    </message>
    <message>
      <source>Open network</source>
      <translation>打开网络</translation>
    </message>
    <message>
      <source>Network JSON (*.json)</source>
      <translation>网络 JSON (*.json)</translation>
    </message>
    <message>
      <source>Cannot open the network</source>
      <translation>无法打开网络</translation>
    </message>
    <message>
      <source>Save network</source>
      <translation>保存网络</translation>
    </message>
    <message>
      <source>Cannot save the network</source>
      <translation>无法保存网络</translation>
    </message>
    <message>
      <source>Export run metrics</source>
      <translation>导出运行指标</translation>
    </message>
    <message>
      <source>CSV (*.csv)</source>
      <translation>CSV (*.csv)</translation>
    </message>
    <message>
      <source>Cannot export the metrics</source>
      <translation>无法导出指标</translation>
    </message>
  </context>
  <context>
    <name>WorkspaceView</name>
    <message>
      <source>Classroom mode is on, as when this was saved (View &gt; Classroom mode, F11, turns it off).</source>
      <translation>课堂模式已开启，与保存时相同（“视图 &gt; 课堂模式”或 F11 可关闭）。</translation>
    </message>
    <message>
      <source>The window is in %1, as when this was saved (View &gt; Language changes it).</source>
      <translation>窗口语言为%1，与保存时相同（“视图 &gt; 语言”可更改）。</translation>
    </message>
  </context>
  <context>
    <name>Registry</name>
    <message>
      <source>Circles</source>
      <translation>同心圆</translation>
    </message>
    <message>
      <source>Concentric rings: no straight line separates them, one hidden layer does.</source>
      <translation>同心圆环：任何直线都分不开它们，一个隐藏层就可以。</translation>
    </message>
    <message>
      <source>XOR</source>
      <translation>异或（XOR）</translation>
    </message>
    <message>
      <source>Four quadrants, diagonal ones share a class: the problem a perceptron cannot solve.</source>
      <translation>四个象限，对角的两个属于同一类：感知机解决不了的问题。</translation>
    </message>
    <message>
      <source>Spirals</source>
      <translation>螺旋</translation>
    </message>
    <message>
      <source>Interleaved spiral arms: needs depth (or many units) and patience.</source>
      <translation>交错的螺旋臂：需要深度（或很多神经元）和耐心。</translation>
    </message>
    <message>
      <source>Gaussian blobs</source>
      <translation>高斯团簇</translation>
    </message>
    <message>
      <source>One gaussian cluster per class; raise the noise to make them overlap.</source>
      <translation>每类一个高斯团簇；增大噪声可使它们重叠。</translation>
    </message>
    <message>
      <source>Moons</source>
      <translation>双月牙</translation>
    </message>
    <message>
      <source>Two interleaving half circles.</source>
      <translation>两个相互交错的半圆。</translation>
    </message>
    <message>
      <source>Regression curve / surface</source>
      <translation>回归曲线 / 曲面</translation>
    </message>
    <message>
      <source>Fit a smooth function from noisy samples (mean squared error).</source>
      <translation>从带噪声的样本拟合一个平滑函数（均方误差）。</translation>
    </message>
    <message>
      <source>Drawn digits (offline)</source>
      <translation>绘制的数字（离线）</translation>
    </message>
    <message>
      <source>Handwriting-like digits 0-9 drawn on the fly: MNIST's shape, no download needed.</source>
      <translation>即时绘制的类手写数字 0-9：与 MNIST 形状相同，无需下载。</translation>
    </message>
    <message>
      <source>Geometric shapes (offline)</source>
      <translation>几何图形（离线）</translation>
    </message>
    <message>
      <source>Outlines of six shapes at random sizes, angles and positions.</source>
      <translation>六种图形的轮廓，大小、角度和位置随机。</translation>
    </message>
    <message>
      <source>MNIST handwritten digits</source>
      <translation>MNIST 手写数字</translation>
    </message>
    <message>
      <source>70,000 scanned handwritten digits; the classic first image benchmark.</source>
      <translation>70,000 张扫描的手写数字；经典的入门图像基准。</translation>
    </message>
    <message>
      <source>Fashion-MNIST clothing</source>
      <translation>Fashion-MNIST 服饰</translation>
    </message>
    <message>
      <source>Photos of clothing in MNIST's format; harder than the digits.</source>
      <translation>MNIST 格式的服饰图片；比数字更难。</translation>
    </message>
    <message>
      <source>IDX files (MNIST format)</source>
      <translation>IDX 文件（MNIST 格式）</translation>
    </message>
    <message>
      <source>Any dataset stored like MNIST (KMNIST, EMNIST...).</source>
      <translation>任何以 MNIST 方式存储的数据集（KMNIST、EMNIST……）。</translation>
    </message>
    <message>
      <source>Image folder (your images)</source>
      <translation>图像文件夹（你的图像）</translation>
    </message>
    <message>
      <source>Your own PNG/JPEG/BMP images sorted into one sub-folder per class.</source>
      <translation>你自己的 PNG/JPEG/BMP 图像，每个类别放在一个子文件夹中。</translation>
    </message>
    <message>
      <source>CSV table (your data)</source>
      <translation>CSV 表格（你的数据）</translation>
    </message>
    <message>
      <source>Rows of numeric features with a label column.</source>
      <translation>由数值特征组成的行，外加一个标签列。</translation>
    </message>
    <message>
      <source>NumPy .npz arrays (your data)</source>
      <translation>NumPy .npz 数组（你的数据）</translation>
    </message>
    <message>
      <source>Arrays x (features or images) and y (labels or targets) saved with numpy.savez.</source>
      <translation>用 numpy.savez 保存的数组 x（特征或图像）和 y（标签或目标值）。</translation>
    </message>
    <message>
      <source>Linear (none)</source>
      <translation>线性（无）</translation>
    </message>
    <message>
      <source>Passes values through unchanged. Used on the output of a regression network; stacking linear layers without a non-linearity is still linear.</source>
      <translation>原样输出。用于回归网络的输出层；没有非线性的线性层叠起来仍然是线性的。</translation>
    </message>
    <message>
      <source>Sigmoid</source>
      <translation>Sigmoid</translation>
    </message>
    <message>
      <source>Squashes to (0, 1). Good for a yes/no output. In hidden layers it saturates: its slope is at most 0.25, so gradients shrink layer by layer (vanishing gradients).</source>
      <translation>压缩到 (0, 1)。适合是/否输出。用在隐藏层会饱和：它的斜率最多 0.25，梯度逐层变小（梯度消失）。</translation>
    </message>
    <message>
      <source>Tanh</source>
      <translation>Tanh</translation>
    </message>
    <message>
      <source>Squashes to (-1, 1), centred on zero, so it trains better than sigmoid in hidden layers, but it still saturates for large inputs.</source>
      <translation>压缩到 (-1, 1)，以零为中心，因此在隐藏层中比 sigmoid 训练得好，但输入很大时仍会饱和。</translation>
    </message>
    <message>
      <source>ReLU</source>
      <translation>ReLU</translation>
    </message>
    <message>
      <source>max(0, z): cheap and does not saturate for positive inputs, the default for hidden layers. A unit whose input is always negative outputs 0 and stops learning (a 'dead' ReLU).</source>
      <translation>max(0, z)：计算便宜，正输入不饱和，是隐藏层的默认选择。输入总为负的神经元输出恒为 0，不再学习（“死亡”的 ReLU）。</translation>
    </message>
    <message>
      <source>Leaky ReLU</source>
      <translation>Leaky ReLU</translation>
    </message>
    <message>
      <source>Like ReLU but with a small slope for negative inputs, so units never die completely.</source>
      <translation>类似 ReLU，但负输入有一个小斜率，所以神经元不会完全死亡。</translation>
    </message>
    <message>
      <source>ELU</source>
      <translation>ELU</translation>
    </message>
    <message>
      <source>Exponential Linear Unit: z for z &gt; 0, alpha (eᶻ − 1) below. Smooth, with negative outputs that keep mean activations near zero; pair with He initialization.</source>
      <translation>指数线性单元：z &gt; 0 时为 z，否则为 alpha (eᶻ − 1)。处处平滑，负输出让平均激活值接近零；与 He 初始化搭配使用。</translation>
    </message>
    <message>
      <source>SELU</source>
      <translation>SELU</translation>
    </message>
    <message>
      <source>Scaled ELU: with LeCun-normal initialization and plain dense layers the activations keep mean 0 and variance 1 on their own (self-normalizing).</source>
      <translation>缩放的 ELU：配合 LeCun 正态初始化和普通全连接层，激活值会自动保持均值 0、方差 1（自归一化）。</translation>
    </message>
    <message>
      <source>Softplus</source>
      <translation>Softplus</translation>
    </message>
    <message>
      <source>log(1 + eᶻ): a smooth version of ReLU whose slope is sigmoid(z).</source>
      <translation>log(1 + eᶻ)：ReLU 的平滑版本，其斜率为 sigmoid(z)。</translation>
    </message>
    <message>
      <source>Softmax</source>
      <translation>Softmax</translation>
    </message>
    <message>
      <source>Turns a vector of scores into probabilities that sum to 1; use on the last layer of a classifier with sparse categorical cross-entropy.</source>
      <translation>把一组分数变成和为 1 的概率；用于分类器的最后一层，配合稀疏分类交叉熵。</translation>
    </message>
    <message>
      <source>Zeros</source>
      <translation>全零</translation>
    </message>
    <message>
      <source>All zeros. Right for biases. For weights it is a trap: every unit in a layer computes the same thing and they never become different.</source>
      <translation>全部为零。适合偏置。用于权重则是陷阱：同一层的每个神经元计算完全相同的东西，永远不会变得不同。</translation>
    </message>
    <message>
      <source>Ones</source>
      <translation>全一</translation>
    </message>
    <message>
      <source>All ones. Used for batch-normalization scales (gamma).</source>
      <translation>全部为一。用于批归一化的缩放参数（gamma）。</translation>
    </message>
    <message>
      <source>Constant</source>
      <translation>常数</translation>
    </message>
    <message>
      <source>Every entry set to the same value; like zeros, useless for weights because all units stay identical.</source>
      <translation>每个元素都设为同一个值；与全零一样不能用于权重，因为所有神经元会保持相同。</translation>
    </message>
    <message>
      <source>Random normal</source>
      <translation>随机正态</translation>
    </message>
    <message>
      <source>Normal draws with a fixed standard deviation that ignores the layer size, so deep or wide networks start with shrinking or exploding signals.</source>
      <translation>按固定标准差做正态采样，不考虑层的大小，因此深或宽的网络一开始信号就会衰减或爆炸。</translation>
    </message>
    <message>
      <source>Random uniform</source>
      <translation>随机均匀</translation>
    </message>
    <message>
      <source>Uniform draws in a fixed range that ignores the layer size.</source>
      <translation>在固定范围内均匀采样，不考虑层的大小。</translation>
    </message>
    <message>
      <source>Truncated normal</source>
      <translation>截断正态</translation>
    </message>
    <message>
      <source>Normal draws, redrawn when more than 2 standard deviations from the mean, so there are no extreme weights; fixed scale like random normal.</source>
      <translation>正态采样，偏离均值超过 2 个标准差时重新采样，因此没有极端权重；与随机正态一样尺度固定。</translation>
    </message>
    <message>
      <source>Variance scaling</source>
      <translation>方差缩放</translation>
    </message>
    <message>
      <source>The general rule behind Glorot, He and LeCun: weights with variance scale / n, where n counts a unit's inputs, outputs or both. Glorot and Bengio's 'standard' initialization is scale 1/3 over the fan-in, uniform.</source>
      <translation>Glorot、He 和 LeCun 背后的通用规则：权重方差为 scale / n，n 是一个单元的输入数、输出数或两者的平均。Glorot 和 Bengio 所说的“标准”初始化是 scale 1/3（按扇入）、均匀分布。</translation>
    </message>
    <message>
      <source>Glorot (Xavier) normal</source>
      <translation>Glorot（Xavier）正态</translation>
    </message>
    <message>
      <source>Glorot/Xavier (2010): variance 2 / (fan-in + fan-out), which keeps signals and gradients the same size through layers of tanh or sigmoid units. Drawn from a truncated normal.</source>
      <translation>Glorot/Xavier (2010)：方差为 2 / (fan-in + fan-out)，使信号和梯度在 tanh 或 sigmoid 层之间保持相同大小。从截断正态分布采样。</translation>
    </message>
    <message>
      <source>Glorot (Xavier) uniform</source>
      <translation>Glorot（Xavier）均匀</translation>
    </message>
    <message>
      <source>Glorot/Xavier (2010): variance 2 / (fan-in + fan-out), which keeps signals and gradients the same size through layers of tanh or sigmoid units. Drawn from a uniform range.</source>
      <translation>Glorot/Xavier (2010)：方差为 2 / (fan-in + fan-out)，使信号和梯度在 tanh 或 sigmoid 层之间保持相同大小。从均匀分布采样。</translation>
    </message>
    <message>
      <source>He normal</source>
      <translation>He 正态</translation>
    </message>
    <message>
      <source>He (2015): variance 2 / fan-in, twice Glorot's, because ReLU/ELU units switch off about half their inputs. The choice for ReLU-family networks. Drawn from a truncated normal.</source>
      <translation>He (2015)：方差为 2 / fan-in，是 Glorot 的两倍，因为 ReLU/ELU 神经元大约关闭一半输入。ReLU 系列网络的首选。从截断正态分布采样。</translation>
    </message>
    <message>
      <source>He uniform</source>
      <translation>He 均匀</translation>
    </message>
    <message>
      <source>He (2015): variance 2 / fan-in, twice Glorot's, because ReLU/ELU units switch off about half their inputs. The choice for ReLU-family networks. Drawn from a uniform range.</source>
      <translation>He (2015)：方差为 2 / fan-in，是 Glorot 的两倍，因为 ReLU/ELU 神经元大约关闭一半输入。ReLU 系列网络的首选。从均匀分布采样。</translation>
    </message>
    <message>
      <source>LeCun normal</source>
      <translation>LeCun 正态</translation>
    </message>
    <message>
      <source>LeCun (1998): variance 1 / fan-in. Needed by SELU networks to self-normalize. Drawn from a truncated normal.</source>
      <translation>LeCun (1998)：方差为 1 / fan-in。SELU 网络自归一化所必需。从截断正态分布采样。</translation>
    </message>
    <message>
      <source>LeCun uniform</source>
      <translation>LeCun 均匀</translation>
    </message>
    <message>
      <source>LeCun (1998): variance 1 / fan-in. Needed by SELU networks to self-normalize. Drawn from a uniform range.</source>
      <translation>LeCun (1998)：方差为 1 / fan-in。SELU 网络自归一化所必需。从均匀分布采样。</translation>
    </message>
    <message>
      <source>Dense (fully connected)</source>
      <translation>Dense（全连接）</translation>
    </message>
    <message>
      <source>Every output unit looks at every input: a weighted sum plus a bias, then the activation. Needs flat vectors: put a Flatten layer after image layers.</source>
      <translation>每个输出神经元都看到所有输入：加权和加偏置，再经过激活函数。需要扁平向量：在图像层之后放一个 Flatten 层。</translation>
    </message>
    <message>
      <source>Conv2D (convolution)</source>
      <translation>Conv2D（卷积）</translation>
    </message>
    <message>
      <source>Slides small learned filters over the image; each filter finds one pattern (an edge, a stroke) everywhere and gives one output channel. Far fewer weights than Dense because the filter is shared across positions.</source>
      <translation>在图像上滑动学到的小滤波器；每个滤波器在所有位置寻找一种模式（边缘、笔画），输出一个通道。由于滤波器在各位置共享，权重比 Dense 少得多。</translation>
    </message>
    <message>
      <source>Max pooling</source>
      <translation>最大池化</translation>
    </message>
    <message>
      <source>Keeps the largest value of each small window, shrinking the image (2x2 halves height and width) and making the features tolerate small shifts.</source>
      <translation>保留每个小窗口中的最大值，缩小图像（2x2 使高和宽减半），并让特征能容忍小的平移。</translation>
    </message>
    <message>
      <source>Average pooling</source>
      <translation>平均池化</translation>
    </message>
    <message>
      <source>Replaces each small window by its average, shrinking the image smoothly.</source>
      <translation>用每个小窗口的平均值代替它，平滑地缩小图像。</translation>
    </message>
    <message>
      <source>Flatten</source>
      <translation>Flatten（展平）</translation>
    </message>
    <message>
      <source>Unrolls each image (height x width x channels) into one long vector so Dense layers can use it. No weights.</source>
      <translation>把每张图像（高 x 宽 x 通道）展开成一个长向量，供 Dense 层使用。没有权重。</translation>
    </message>
    <message>
      <source>Dropout</source>
      <translation>Dropout</translation>
    </message>
    <message>
      <source>While training, switches off a random fraction of its inputs at every step (and scales up the rest), so the network cannot rely on any single unit; this fights overfitting. Does nothing when predicting.</source>
      <translation>训练时每一步随机关闭一部分输入（并放大其余输入），使网络不能依赖任何单个神经元，以此对抗过拟合。预测时不起作用。</translation>
    </message>
    <message>
      <source>Batch normalization</source>
      <translation>批归一化</translation>
    </message>
    <message>
      <source>Standardizes each feature (or channel) to mean 0 and variance 1 over the mini-batch, then rescales with learned gamma and beta. Makes deep networks train faster and less sensitive to initialization. Uses running averages when predicting.</source>
      <translation>在小批量上把每个特征（或通道）标准化为均值 0、方差 1，再用学到的 gamma 和 beta 重新缩放。使深层网络训练更快、对初始化更不敏感。预测时使用滑动平均。</translation>
    </message>
    <message>
      <source>Activation</source>
      <translation>激活函数</translation>
    </message>
    <message>
      <source>Applies an activation function on its own, e.g. after BatchNormalization when the Dense or Conv2D before it has no activation.</source>
      <translation>单独应用一个激活函数，例如放在 BatchNormalization 之后，而它前面的 Dense 或 Conv2D 不带激活函数。</translation>
    </message>
    <message>
      <source>Sparse categorical cross-entropy</source>
      <translation>稀疏分类交叉熵</translation>
    </message>
    <message>
      <source>For classes given as integer labels: -log(probability of the right class), averaged. Use with a softmax output (or from_logits with no output activation).</source>
      <translation>用于以整数标签表示的类别：-log(正确类别的概率)，取平均。配合 softmax 输出使用（或在输出层无激活时使用 from_logits）。</translation>
    </message>
    <message>
      <source>Categorical cross-entropy</source>
      <translation>分类交叉熵</translation>
    </message>
    <message>
      <source>For classes given as one-hot rows: -sum(y * log(p)), averaged over the batch.</source>
      <translation>用于以独热向量表示的类别：-sum(y * log(p))，在批次上取平均。</translation>
    </message>
    <message>
      <source>Binary cross-entropy</source>
      <translation>二元交叉熵</translation>
    </message>
    <message>
      <source>For yes/no targets (0 or 1): -[y log p + (1-y) log(1-p)], averaged. Use with a sigmoid output (or from_logits with no output activation).</source>
      <translation>用于是/否目标（0 或 1）：-[y log p + (1-y) log(1-p)]，取平均。配合 sigmoid 输出使用（或在输出层无激活时使用 from_logits）。</translation>
    </message>
    <message>
      <source>Mean squared error</source>
      <translation>均方误差</translation>
    </message>
    <message>
      <source>For numbers (regression): the average of (prediction - target)^2.</source>
      <translation>用于数值预测（回归）：(预测 - 目标)^2 的平均值。</translation>
    </message>
    <message>
      <source>SGD</source>
      <translation>SGD</translation>
    </message>
    <message>
      <source>Plain gradient descent: step downhill by learning rate x gradient. With momentum the steps build up speed along consistent directions (0.9 is typical; too close to 1 overshoots and oscillates); Nesterov looks ahead before stepping.</source>
      <translation>普通梯度下降：沿下坡方向走 学习率 x 梯度 的一步。加上动量后，在方向一致时步伐会加速（通常取 0.9；太接近 1 会冲过头并振荡）；Nesterov 会先向前看一步再迈步。</translation>
    </message>
    <message>
      <source>AdaGrad</source>
      <translation>AdaGrad</translation>
    </message>
    <message>
      <source>Gives each weight its own learning rate, shrinking with the sum of its squared gradients. Good for sparse features; on deep networks it often stops too early because the rates only ever shrink.</source>
      <translation>给每个权重单独的学习率，随其梯度平方和增大而减小。适合稀疏特征；在深层网络上常常过早停止，因为学习率只会减小。</translation>
    </message>
    <message>
      <source>RMSprop</source>
      <translation>RMSprop</translation>
    </message>
    <message>
      <source>Like AdaGrad but the squared gradients are averaged with decay rho, so old gradients are forgotten and learning does not stall.</source>
      <translation>类似 AdaGrad，但梯度平方以衰减率 rho 做平均，旧的梯度会被遗忘，学习不会停滞。</translation>
    </message>
    <message>
      <source>Adam</source>
      <translation>Adam</translation>
    </message>
    <message>
      <source>Momentum (beta_1) plus RMSprop scaling (beta_2), with a correction for the zero start. A good default: learning rate 0.001 rarely needs tuning.</source>
      <translation>动量（beta_1）加上 RMSprop 缩放（beta_2），并对从零开始做了修正。很好的默认选择：学习率 0.001 很少需要调整。</translation>
    </message>
    <message>
      <source>FTRL-Proximal</source>
      <translation>FTRL-Proximal</translation>
    </message>
    <message>
      <source>Follow the regularized leader: an online method whose L1 setting makes many weights exactly zero (a sparse model).</source>
      <translation>跟随正则化领导者：一种在线方法，其 L1 设置会让许多权重恰好为零（稀疏模型）。</translation>
    </message>
    <message>
      <source>Classroom toy (2-8-8-8-2, tanh)</source>
      <translation>课堂玩具网络（2-8-8-8-2，tanh）</translation>
    </message>
    <message>
      <source>Three small tanh layers on points in the plane: watch the decision boundary bend as it learns.</source>
      <translation>作用于平面上点的三个小 tanh 层：观察决策边界在学习中如何弯曲。</translation>
    </message>
    <message>
      <source>Deep sigmoid MLP (vanishing gradients)</source>
      <translation>深层 sigmoid 多层感知机（梯度消失）</translation>
    </message>
    <message>
      <source>Nine sigmoid layers with small random-normal weights: the gradients reaching the first layers are orders of magnitude smaller than the last's.</source>
      <translation>九个 sigmoid 层，权重为较小的随机正态值：到达前几层的梯度比最后一层小好几个数量级。</translation>
    </message>
    <message>
      <source>5x100 ELU / He MLP</source>
      <translation>5x100 ELU / He 多层感知机</translation>
    </message>
    <message>
      <source>Five hidden layers of 100 ELU units with He initialization: a deep network that trains well.</source>
      <translation>五个各有 100 个 ELU 神经元的隐藏层，使用 He 初始化：一个训练良好的深层网络。</translation>
    </message>
    <message>
      <source>784-300-100-10 MLP</source>
      <translation>784-300-100-10 多层感知机</translation>
    </message>
    <message>
      <source>The classic two-hidden-layer perceptron for MNIST.</source>
      <translation>用于 MNIST 的经典两隐藏层感知机。</translation>
    </message>
    <message>
      <source>Textbook MNIST convnet</source>
      <translation>教科书式 MNIST 卷积网络</translation>
    </message>
    <message>
      <source>Conv32-Pool-Conv64-Pool-Conv64-Dense64-Dense10: about 99% test accuracy on MNIST after 5 epochs of RMSprop.</source>
      <translation>Conv32-Pool-Conv64-Pool-Conv64-Dense64-Dense10：用 RMSprop 训练 5 轮后，在 MNIST 上测试准确率约 99%。</translation>
    </message>
    <message>
      <source>Small VGG-style convnet</source>
      <translation>小型 VGG 风格卷积网络</translation>
    </message>
    <message>
      <source>Pairs of 3x3 'same' convolutions followed by pooling, then a dense head with dropout: the VGG recipe in miniature.</source>
      <translation>成对的 3x3 'same' 卷积后接池化，再接带 dropout 的全连接头：缩小版的 VGG 配方。</translation>
    </message>
    <message>
      <source>Max-norm</source>
      <translation>最大范数</translation>
    </message>
    <message>
      <source>After every step, shrink each unit's incoming weight vector so its length is at most max_value (typical 1 to 4). No loss term; works even with large learning rates.</source>
      <translation>每一步之后，缩小每个神经元的输入权重向量，使其长度不超过 max_value（通常为 1 到 4）。不增加损失项；即使学习率很大也有效。</translation>
    </message>
    <message>
      <source>Non-negative</source>
      <translation>非负</translation>
    </message>
    <message>
      <source>After every step, set negative weights to zero.</source>
      <translation>每一步之后，把负权重设为零。</translation>
    </message>
    <message>
      <source>Unit norm</source>
      <translation>单位范数</translation>
    </message>
    <message>
      <source>After every step, rescale each unit's incoming weight vector to length 1.</source>
      <translation>每一步之后，把每个神经元的输入权重向量缩放到长度 1。</translation>
    </message>
    <message>
      <source>L1 (lasso)</source>
      <translation>L1（lasso）</translation>
    </message>
    <message>
      <source>Adds l1 * sum(|w|) to the loss. Pushes many weights to exactly zero: a sparse model.</source>
      <translation>把 l1 * sum(|w|) 加到损失中。使许多权重恰好为零：稀疏模型。</translation>
    </message>
    <message>
      <source>L2 (weight decay)</source>
      <translation>L2（权重衰减）</translation>
    </message>
    <message>
      <source>Adds l2 * sum(w^2) to the loss (Keras convention; the textbook's lambda/2 * ||w||^2 with lambda = 2 * l2). Keeps weights small without making them exactly zero.</source>
      <translation>把 l2 * sum(w^2) 加到损失中（Keras 约定；相当于教科书中的 lambda/2 * ||w||^2，其中 lambda = 2 * l2）。让权重保持较小，但不会恰好为零。</translation>
    </message>
    <message>
      <source>L1 + L2 (elastic net)</source>
      <translation>L1 + L2（弹性网络）</translation>
    </message>
    <message>
      <source>Adds l1 * sum(|w|) + l2 * sum(w^2) to the loss.</source>
      <translation>把 l1 * sum(|w|) + l2 * sum(w^2) 加到损失中。</translation>
    </message>
    <message>
      <source>The same learning rate at every step.</source>
      <translation>每一步使用相同的学习率。</translation>
    </message>
    <message>
      <source>Piecewise constant</source>
      <translation>分段常数</translation>
    </message>
    <message>
      <source>Hand-picked rates for ranges of steps, e.g. 0.1 until step 5,000, then 0.01, then 0.001 after step 10,000.</source>
      <translation>为不同步数区间手动指定学习率，例如到第 5,000 步为 0.1，然后为 0.01，第 10,000 步之后为 0.001。</translation>
    </message>
    <message>
      <source>Exponential decay</source>
      <translation>指数衰减</translation>
    </message>
    <message>
      <source>lr0 * r^(step / s): divide the rate by 1/r every s steps (e.g. lr0 0.1, r 0.1, s 10,000: 0.1, then 0.01 at step 10,000, 0.001 at step 20,000).</source>
      <translation>lr0 * r^(step / s)：每 s 步把学习率除以 1/r（例如 lr0 0.1、r 0.1、s 10,000：先是 0.1，第 10,000 步为 0.01，第 20,000 步为 0.001）。</translation>
    </message>
    <message>
      <source>Inverse time decay</source>
      <translation>反时间衰减</translation>
    </message>
    <message>
      <source>lr0 / (1 + r * step / s): falls quickly at first, then more and more slowly.</source>
      <translation>lr0 / (1 + r * step / s)：开始下降得快，之后越来越慢。</translation>
    </message>
    <message>
      <source>Power scheduling</source>
      <translation>幂调度</translation>
    </message>
    <message>
      <source>lr0 / (1 + step / s)^c: after s steps the rate is lr0 / 2^c, after 3s lr0 / 4^c ... (Geron's power scheduling; c = 1 is inverse time decay).</source>
      <translation>lr0 / (1 + step / s)^c：s 步后学习率为 lr0 / 2^c，3s 步后为 lr0 / 4^c……（Géron 的幂调度；c = 1 即反时间衰减）。</translation>
    </message>
    <message>
      <source>Zero-centre</source>
      <translation>零中心化</translation>
    </message>
    <message>
      <source>subtract the training mean</source>
      <translation>减去训练集均值</translation>
    </message>
    <message>
      <source>Min-max scaling</source>
      <translation>最小-最大缩放</translation>
    </message>
    <message>
      <source>map the training range of each feature onto [low, high]</source>
      <translation>把每个特征在训练集上的范围映射到 [下限, 上限]</translation>
    </message>
    <message>
      <source>Standardize (z-score)</source>
      <translation>标准化（z 分数）</translation>
    </message>
    <message>
      <source>subtract the mean and divide by the standard deviation</source>
      <translation>减去均值并除以标准差</translation>
    </message>
    <message>
      <source>Binarize</source>
      <translation>二值化</translation>
    </message>
    <message>
      <source>turn every value into 0 or 1 (black and white images)</source>
      <translation>把每个值变成 0 或 1（黑白图像）</translation>
    </message>
    <message>
      <source>PCA</source>
      <translation>PCA（主成分分析）</translation>
    </message>
    <message>
      <source>project onto the directions of largest variance (dimensionality reduction)</source>
      <translation>投影到方差最大的方向上（降维）</translation>
    </message>
    <message>
      <source>PCA whitening</source>
      <translation>PCA 白化</translation>
    </message>
    <message>
      <source>PCA, then divide each component by its standard deviation: identity covariance</source>
      <translation>先做 PCA，再把每个成分除以其标准差：协方差变为单位矩阵</translation>
    </message>
    <message>
      <source>ZCA whitening</source>
      <translation>ZCA 白化</translation>
    </message>
    <message>
      <source>whiten, then rotate back: identity covariance, image-like result</source>
      <translation>白化后再旋转回来：协方差为单位矩阵，结果仍像图像</translation>
    </message>
    <message>
      <source>Round bowl</source>
      <translation>圆碗</translation>
    </message>
    <message>
      <source>f = (x² + y²)/2. Every direction curves the same way, so the gradient points straight at the minimum and every optimizer finds it.</source>
      <translation>f = (x² + y²)/2。每个方向的弯曲程度相同，所以梯度直指最小值，每个优化器都能找到它。</translation>
    </message>
    <message>
      <source>Oval bowl</source>
      <translation>椭圆碗</translation>
    </message>
    <message>
      <source>f = (x² + 1.5 y²)/2: a bowl a little steeper in y than in x. The two directions swing at different rates, so a path that does not slow down (momentum with β near 1) sweeps around the minimum instead of settling in it.</source>
      <translation>f = (x² + 1.5 y²)/2：一个在 y 方向比 x 方向稍陡的碗。两个方向的摆动节奏不同，所以不会减速的路径（β 接近 1 的动量）会绕着最小值来回扫动，而不是停在那里。</translation>
    </message>
    <message>
      <source>Elongated valley</source>
      <translation>狭长山谷</translation>
    </message>
    <message>
      <source>f = (0.05 x² + 4 y²)/2: steep across, nearly flat along (condition number 80). Gradient descent zig-zags across the valley and crawls along it; momentum and per-parameter step sizes (AdaGrad, RMSProp, Adam) cure this.</source>
      <translation>f = (0.05 x² + 4 y²)/2：横向陡峭，纵向几乎平坦（条件数 80）。梯度下降在山谷两侧来回折返，沿谷底却爬得很慢；动量和逐参数步长（AdaGrad、RMSProp、Adam）可以解决这个问题。</translation>
    </message>
    <message>
      <source>Rosenbrock banana</source>
      <translation>Rosenbrock 香蕉函数</translation>
    </message>
    <message>
      <source>f = (1 - x)² + 100 (y - x²)². Reaching the curved valley is quick; following its almost flat floor to the minimum at (1, 1) is slow for every optimizer.</source>
      <translation>f = (1 - x)² + 100 (y - x²)²。到达弯曲的山谷很快；但沿着几乎平坦的谷底走到 (1, 1) 处的最小值，对每个优化器来说都很慢。</translation>
    </message>
    <message>
      <source>Saddle point</source>
      <translation>鞍点</translation>
    </message>
    <message>
      <source>f = x²/2 + y⁴/4 - y²: a saddle at (0, 0) between two valleys. Starting on the ridge, the gradient is nearly zero near the saddle, so plain gradient descent stalls there before rolling off; momentum escapes sooner, and RMSProp and Adam, which enlarge the tiny sideways gradient, almost at once.</source>
      <translation>f = x²/2 + y⁴/4 - y²：在两个山谷之间的 (0, 0) 处有一个鞍点。从山脊出发时，鞍点附近的梯度几乎为零，普通梯度下降会在那里停滞一阵才滚下去；动量更早逃离，而会放大微小侧向梯度的 RMSProp 和 Adam 几乎立刻就能离开。</translation>
    </message>
    <message>
      <source>Beale plateau</source>
      <translation>Beale 高原</translation>
    </message>
    <message>
      <source>Beale's function: wide flat plateaus and steep walls, minimum at (3, 0.5). Gradients on the plateau are tiny, which adaptive optimizers compensate for.</source>
      <translation>Beale 函数：宽阔平坦的高原和陡峭的崖壁，最小值在 (3, 0.5)。高原上的梯度极小，自适应优化器能弥补这一点。</translation>
    </message>
    <message>
      <source>Learning rate</source>
      <translation>学习率</translation>
    </message>
    <message>
      <source>The most important setting. Sampled as 10ʳ with r uniform, so every decade is tried equally often.</source>
      <translation>最重要的设置。按 10ʳ 采样，r 均匀分布，所以每个数量级被尝试的次数相同。</translation>
    </message>
    <message>
      <source>Momentum</source>
      <translation>动量</translation>
    </message>
    <message>
      <source>SGD's (or RMSProp's) momentum, sampled as 1 − 10ʳ: 0.9-0.99 is as likely as 0.99-0.999.</source>
      <translation>SGD（或 RMSProp）的动量，按 1 − 10ʳ 采样：0.9-0.99 与 0.99-0.999 的可能性相同。</translation>
    </message>
    <message>
      <source>Adam beta 1</source>
      <translation>Adam beta 1</translation>
    </message>
    <message>
      <source>Adam's momentum decay.</source>
      <translation>Adam 的动量衰减率。</translation>
    </message>
    <message>
      <source>Adam beta 2</source>
      <translation>Adam beta 2</translation>
    </message>
    <message>
      <source>Adam's squared-gradient decay.</source>
      <translation>Adam 的梯度平方衰减率。</translation>
    </message>
    <message>
      <source>RMSProp rho</source>
      <translation>RMSProp rho</translation>
    </message>
    <message>
      <source>RMSProp's squared-gradient decay.</source>
      <translation>RMSProp 的梯度平方衰减率。</translation>
    </message>
    <message>
      <source>Batch size</source>
      <translation>批大小</translation>
    </message>
    <message>
      <source>Examples per step (whole numbers).</source>
      <translation>每步的样本数（整数）。</translation>
    </message>
    <message>
      <source>L2 penalty</source>
      <translation>L2 惩罚</translation>
    </message>
    <message>
      <source>Weight decay strength on every kernel.</source>
      <translation>作用于每个权重核的权重衰减强度。</translation>
    </message>
    <message>
      <source>L1 penalty</source>
      <translation>L1 惩罚</translation>
    </message>
    <message>
      <source>Sparsity penalty on every kernel.</source>
      <translation>作用于每个权重核的稀疏惩罚。</translation>
    </message>
    <message>
      <source>Hidden units</source>
      <translation>隐藏单元数</translation>
    </message>
    <message>
      <source>Units of every hidden Dense layer.</source>
      <translation>每个隐藏 Dense 层的单元数。</translation>
    </message>
    <message>
      <source>Dropout rate</source>
      <translation>Dropout 比例</translation>
    </message>
    <message>
      <source>Rate of every Dropout layer.</source>
      <translation>每个 Dropout 层的丢弃比例。</translation>
    </message>
    <message>
      <source>Rotate each training image by a random angle up to this many degrees.</source>
      <translation>把每张训练图像随机旋转，最大角度为此度数。</translation>
    </message>
    <message>
      <source>Shift images left or right by up to this fraction of their width.</source>
      <translation>把图像左右平移，最多为宽度的这一比例。</translation>
    </message>
    <message>
      <source>Shift images up or down by up to this fraction of their height.</source>
      <translation>把图像上下平移，最多为高度的这一比例。</translation>
    </message>
    <message>
      <source>Zoom in or out by a random factor between 1 - zoom and 1 + zoom.</source>
      <translation>以 1 - 缩放 到 1 + 缩放 之间的随机倍数放大或缩小。</translation>
    </message>
    <message>
      <source>Slant images by a random angle up to this many degrees.</source>
      <translation>把图像随机倾斜，最大角度为此度数。</translation>
    </message>
    <message>
      <source>Mirror half of the images left-right (wrong for digits: a mirrored 3 is not a 3).</source>
      <translation>把一半图像左右镜像（不适合数字：镜像的 3 不是 3）。</translation>
    </message>
    <message>
      <source>Add a random brightness change of up to this amount.</source>
      <translation>随机改变亮度，最多为此数值。</translation>
    </message>
    <message>
      <source>Add random gaussian noise with this standard deviation to every pixel.</source>
      <translation>给每个像素加上此标准差的随机高斯噪声。</translation>
    </message>
    <message>
      <source>how many points to generate (before the train/validation/test split)</source>
      <translation>生成多少个点（在划分训练/验证/测试集之前）</translation>
    </message>
    <message>
      <source>standard deviation of the gaussian noise added to each point</source>
      <translation>加到每个点上的高斯噪声的标准差</translation>
    </message>
    <message>
      <source>how many classes (arms, rings or clusters)</source>
      <translation>类别数（螺旋臂、圆环或团簇的个数）</translation>
    </message>
    <message>
      <source>1: a curve y(x); 2: a surface y(x0, x1)</source>
      <translation>1：曲线 y(x)；2：曲面 y(x0, x1)</translation>
    </message>
    <message>
      <source>how many images to draw (before the train/validation/test split)</source>
      <translation>绘制多少张图像（在划分训练/验证/测试集之前）</translation>
    </message>
    <message>
      <source>a folder holding the files (empty: look in the usual places: DLSTUDIO_DATA, the settings folder, the cache)</source>
      <translation>存放文件的文件夹（留空：在常用位置查找：DLSTUDIO_DATA、设置文件夹、缓存）</translation>
    </message>
    <message>
      <source>download from the official mirrors when the files are missing</source>
      <translation>文件缺失时从官方镜像下载</translation>
    </message>
    <message>
      <source>folder with train-images / train-labels (and t10k-/test-) IDX files</source>
      <translation>包含 train-images / train-labels（以及 t10k-/test-）IDX 文件的文件夹</translation>
    </message>
    <message>
      <source>folder with one sub-folder of images per class</source>
      <translation>每个类别一个图像子文件夹的文件夹</translation>
    </message>
    <message>
      <source>resize images to this height</source>
      <translation>把图像缩放到此高度</translation>
    </message>
    <message>
      <source>resize images to this width</source>
      <translation>把图像缩放到此宽度</translation>
    </message>
    <message>
      <source>1: grayscale, 3: colour</source>
      <translation>1：灰度，3：彩色</translation>
    </message>
    <message>
      <source>the .csv file</source>
      <translation>.csv 文件</translation>
    </message>
    <message>
      <source>name or number of the label column (empty: the last column)</source>
      <translation>标签列的名称或序号（留空：最后一列）</translation>
    </message>
    <message>
      <source>auto: text or whole-number labels are classes, other numbers targets</source>
      <translation>auto：文本或整数标签视为类别，其他数字视为目标值</translation>
    </message>
    <message>
      <source>the .npz file with arrays x and y</source>
      <translation>包含数组 x 和 y 的 .npz 文件</translation>
    </message>
    <message>
      <source>Slope for negative inputs. 0 gives plain ReLU; a small slope keeps units from dying. (Keras's LeakyReLU layer defaults to 0.3; dlstudio uses 0.01.)</source>
      <translation>负输入的斜率。0 即普通 ReLU；小的斜率可防止神经元死亡。（Keras 的 LeakyReLU 层默认 0.3；dlstudio 使用 0.01。）</translation>
    </message>
    <message>
      <source>Value the output approaches for very negative inputs (-alpha).</source>
      <translation>输入非常负时输出趋近的值（-alpha）。</translation>
    </message>
    <message>
      <source>The value.</source>
      <translation>取值。</translation>
    </message>
    <message>
      <source>Centre of the distribution.</source>
      <translation>分布的中心。</translation>
    </message>
    <message>
      <source>Spread of the draws. Too small and signals fade layer by layer; too large and they explode or saturate the activations.</source>
      <translation>采样的离散程度。太小信号会逐层衰减；太大则会爆炸或使激活函数饱和。</translation>
    </message>
    <message>
      <source>Lowest value.</source>
      <translation>最小值。</translation>
    </message>
    <message>
      <source>Highest value.</source>
      <translation>最大值。</translation>
    </message>
    <message>
      <source>Variance is scale / n: 1 for LeCun and Glorot, 2 for He.</source>
      <translation>方差为 scale / n：LeCun 和 Glorot 取 1，He 取 2。</translation>
    </message>
    <message>
      <source>n: a unit's fan-in (its inputs), its fan-out (its outputs) or their mean.</source>
      <translation>n：一个单元的扇入（输入数）、扇出（输出数）或两者的平均。</translation>
    </message>
    <message>
      <source>Truncated normal (no draws beyond 2 standard deviations), plain normal, or uniform.</source>
      <translation>截断正态（不取超过 2 个标准差的值）、普通正态或均匀分布。</translation>
    </message>
    <message>
      <source>A fixed seed gives the same weights on every call; empty: the network's seed.</source>
      <translation>固定的种子每次给出相同的权重；留空则使用网络的种子。</translation>
    </message>
    <message>
      <source>Number of output units (neurons).</source>
      <translation>输出神经元的个数。</translation>
    </message>
    <message>
      <source>Non-linearity applied to the output. Empty means linear (none). relu for hidden layers, softmax on a classifier's last layer.</source>
      <translation>作用于输出的非线性函数。留空表示线性（无）。隐藏层用 relu，分类器最后一层用 softmax。</translation>
    </message>
    <message>
      <source>Add a learned offset b to every output. Can be turned off right before BatchNormalization, which has its own.</source>
      <translation>给每个输出加上一个学到的偏移 b。紧接 BatchNormalization 之前时可以关闭，因为它自带偏移。</translation>
    </message>
    <message>
      <source>How the weights start. glorot_* for tanh/sigmoid, he_* for the ReLU family, lecun_normal for SELU.</source>
      <translation>权重的初始值。tanh/sigmoid 用 glorot_*，ReLU 系列用 he_*，SELU 用 lecun_normal。</translation>
    </message>
    <message>
      <source>How the biases start; zeros is standard.</source>
      <translation>偏置的初始值；通常为零。</translation>
    </message>
    <message>
      <source>Adds a penalty on large weights to the loss (L2: small weights, L1: sparse weights), which fights overfitting. Written like {"l2": 0.01}.</source>
      <translation>在损失中加入对大权重的惩罚（L2：权重小，L1：权重稀疏），以对抗过拟合。写法如 {"l2": 0.01}。</translation>
    </message>
    <message>
      <source>Applied after every step, e.g. max_norm caps each unit's weight vector length.</source>
      <translation>每一步之后应用，例如 max_norm 限制每个神经元权重向量的长度。</translation>
    </message>
    <message>
      <source>Untick to freeze the layer: its weights stay as they are, but gradients still flow through it to the layers below.</source>
      <translation>取消勾选以冻结该层：它的权重保持不变，但梯度仍会穿过它传到下面的层。</translation>
    </message>
    <message>
      <source>A unique name shown in the summary and the plots; left empty, one is made up (dense, dense_1, ...).</source>
      <translation>显示在摘要和图表中的唯一名称；留空则自动生成（dense、dense_1……）。</translation>
    </message>
    <message>
      <source>Number of filters = output channels.</source>
      <translation>滤波器个数 = 输出通道数。</translation>
    </message>
    <message>
      <source>Filter size in pixels: 3 means 3x3; two numbers for height, width.</source>
      <translation>滤波器大小（像素）：3 表示 3x3；两个数分别表示高和宽。</translation>
    </message>
    <message>
      <source>Step between filter positions; 2 halves the output size.</source>
      <translation>滤波器位置之间的步长；2 会使输出尺寸减半。</translation>
    </message>
    <message>
      <source>'valid': windows stay inside the image, so the output shrinks. 'same': zeros around the border keep the size (divided by the stride).</source>
      <translation>'valid'：窗口不超出图像，输出会变小。'same'：在边界补零以保持尺寸（再除以步幅）。</translation>
    </message>
    <message>
      <source>Window size: 2 means 2x2 windows.</source>
      <translation>窗口大小：2 表示 2x2 窗口。</translation>
    </message>
    <message>
      <source>Step between windows; empty means the same as pool_size (no overlap).</source>
      <translation>窗口之间的步长；留空表示与 pool_size 相同（不重叠）。</translation>
    </message>
    <message>
      <source>Fraction of inputs dropped at each training step (0.2 to 0.5 is typical). Can be changed while training.</source>
      <translation>每个训练步丢弃的输入比例（通常为 0.2 到 0.5）。可在训练中修改。</translation>
    </message>
    <message>
      <source>Fixes the random masks; empty means they follow the network's seed.</source>
      <translation>固定随机掩码；留空表示跟随网络的随机种子。</translation>
    </message>
    <message>
      <source>How slowly the running averages used for prediction follow the batches (0.99: an average over about the last 100 batches).</source>
      <translation>用于预测的滑动平均跟随批次的速度有多慢（0.99：约为最近 100 个批次的平均）。</translation>
    </message>
    <message>
      <source>Small number added to the variance to avoid dividing by zero.</source>
      <translation>加到方差上的小数，以避免除以零。</translation>
    </message>
    <message>
      <source>Learn an offset beta.</source>
      <translation>学习偏移 beta。</translation>
    </message>
    <message>
      <source>Learn a scale gamma (can be off before a ReLU).</source>
      <translation>学习缩放 gamma（在 ReLU 之前可以关闭）。</translation>
    </message>
    <message>
      <source>How beta starts.</source>
      <translation>beta 的初始值。</translation>
    </message>
    <message>
      <source>How gamma starts.</source>
      <translation>gamma 的初始值。</translation>
    </message>
    <message>
      <source>The function to apply.</source>
      <translation>要应用的函数。</translation>
    </message>
    <message>
      <source>true when the last layer has no activation (outputs raw scores)</source>
      <translation>最后一层没有激活函数（输出原始分数）时为真</translation>
    </message>
    <message>
      <source>size of each step; the most important setting of all</source>
      <translation>每一步的大小；所有设置中最重要的一个</translation>
    </message>
    <message>
      <source>fraction of the previous step kept (0 = none, 0.9 typical)</source>
      <translation>保留上一步的比例（0 = 不保留，通常为 0.9）</translation>
    </message>
    <message>
      <source>Nesterov accelerated gradient</source>
      <translation>Nesterov 加速梯度</translation>
    </message>
    <message>
      <source>starting sum of squared gradients</source>
      <translation>梯度平方和的初始值</translation>
    </message>
    <message>
      <source>small number that avoids dividing by zero</source>
      <translation>避免除以零的小数</translation>
    </message>
    <message>
      <source>decay of the running mean of squared gradients</source>
      <translation>梯度平方滑动平均的衰减率</translation>
    </message>
    <message>
      <source>fraction of the previous step kept</source>
      <translation>保留上一步的比例</translation>
    </message>
    <message>
      <source>divide by the gradient's variance instead of its mean square</source>
      <translation>除以梯度的方差而不是均方</translation>
    </message>
    <message>
      <source>decay of the running mean of gradients</source>
      <translation>梯度滑动平均的衰减率</translation>
    </message>
    <message>
      <source>never let the second moment decrease</source>
      <translation>不让二阶矩减小</translation>
    </message>
    <message>
      <source>how fast per-weight rates shrink</source>
      <translation>每个权重的学习率减小得多快</translation>
    </message>
    <message>
      <source>larger values make more weights exactly zero</source>
      <translation>值越大，恰好为零的权重越多</translation>
    </message>
    <message>
      <source>stabilizing L2 penalty</source>
      <translation>起稳定作用的 L2 惩罚</translation>
    </message>
    <message>
      <source>L2 penalty on the weights' size</source>
      <translation>对权重大小的 L2 惩罚</translation>
    </message>
    <message>
      <source>the paper's beta</source>
      <translation>论文中的 beta</translation>
    </message>
    <message>
      <source>largest allowed L2 norm</source>
      <translation>允许的最大 L2 范数</translation>
    </message>
    <message>
      <source>axes the norm runs over: 0 for a Dense kernel (in, out); [0, 1, 2] for a Conv2D kernel (kh, kw, in, out)</source>
      <translation>计算范数所沿的轴：Dense 权重 (in, out) 用 0；Conv2D 权重 (kh, kw, in, out) 用 [0, 1, 2]</translation>
    </message>
    <message>
      <source>axes the norm runs over (as for max-norm)</source>
      <translation>计算范数所沿的轴（与最大范数相同）</translation>
    </message>
    <message>
      <source>penalty strength</source>
      <translation>惩罚强度</translation>
    </message>
    <message>
      <source>L1 strength</source>
      <translation>L1 强度</translation>
    </message>
    <message>
      <source>L2 strength</source>
      <translation>L2 强度</translation>
    </message>
    <message>
      <source>the rate at every step</source>
      <translation>每一步的学习率</translation>
    </message>
    <message>
      <source>steps where the rate changes (increasing)</source>
      <translation>学习率改变的步数（递增）</translation>
    </message>
    <message>
      <source>rates: one more than there are boundaries</source>
      <translation>各段学习率：比分界点多一个</translation>
    </message>
    <message>
      <source>the learning rate at step 0</source>
      <translation>第 0 步的学习率</translation>
    </message>
    <message>
      <source>number of steps over which the rate is divided once (s)</source>
      <translation>学习率被除一次所经过的步数 (s)</translation>
    </message>
    <message>
      <source>factor r applied every decay_steps</source>
      <translation>每经过 decay_steps 步乘上的因子 r</translation>
    </message>
    <message>
      <source>change the rate in jumps every decay_steps instead of smoothly</source>
      <translation>每经过 decay_steps 步跳变一次，而不是平滑变化</translation>
    </message>
    <message>
      <source>how strongly the rate falls per decay_steps</source>
      <translation>每 decay_steps 步学习率下降的幅度</translation>
    </message>
    <message>
      <source>exponent c (1 is usual)</source>
      <translation>指数 c（通常为 1）</translation>
    </message>
    <message>
      <source>one statistic per feature (pixel) or one for all features</source>
      <translation>每个特征（像素）一个统计量，或所有特征共用一个</translation>
    </message>
    <message>
      <source>values above it become 1, the others 0</source>
      <translation>大于它的值变为 1，其余为 0</translation>
    </message>
    <message>
      <source>components kept: a count, a fraction of variance in (0, 1), or 0 for all</source>
      <translation>保留的成分：一个数目、(0, 1) 之间的方差比例，或 0 表示全部保留</translation>
    </message>
    <message>
      <source>added to each eigenvalue before the square root: keeps directions with almost no variance from being blown up into noise</source>
      <translation>开平方前加到每个特征值上：防止几乎没有方差的方向被放大成噪声</translation>
    </message>
  </context>
  <context>
    <name>ParamChoice</name>
    <message>
      <source>auto</source>
      <translation>自动</translation>
    </message>
    <message>
      <source>classification</source>
      <translation>分类</translation>
    </message>
    <message>
      <source>regression</source>
      <translation>回归</translation>
    </message>
    <message>
      <source>linear</source>
      <translation>线性</translation>
    </message>
    <message>
      <source>constant</source>
      <translation>恒定</translation>
    </message>
    <message>
      <source>l1</source>
      <translation>l1</translation>
    </message>
    <message>
      <source>l2</source>
      <translation>l2</translation>
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
</TS>