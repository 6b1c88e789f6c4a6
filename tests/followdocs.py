"""Small documents written for the follow and intake tests (store, bot, end to end): press-conference
turns by 毛宁 (a known speaker with strong evidence), a statement by 王毅, and a passage that only
mentions 毛宁 while 汪文斌 speaks."""
from __future__ import annotations

PRESS = """<html><head><title>2024年5月7日外交部发言人毛宁主持例行记者会</title></head><body>
<h1>2024年5月7日外交部发言人毛宁主持例行记者会</h1>
<p>法新社记者：关于仁爱礁问题，中方有何回应？</p>
<p>毛宁：仁爱礁是中国南沙群岛的一部分，中方坚决反对菲律宾的挑衅行为，敦促菲方立即停止侵权。</p>
<p>彭博社记者：美国国务卿将访华，中方对此有何期待？</p>
<p>毛宁：我们欢迎美方客人来访，希望双方相向而行，推动中美关系稳定发展。</p>
</body></html>"""

MEETING = """<html><head><title>王毅会见欧洲客人</title></head><body>
<h1>王毅会见欧洲客人</h1>
<p>王毅表示，台湾问题是中国内政，不容任何外部势力干涉，中方愿同欧方加强战略沟通。</p>
<p>汪文斌指出，毛宁此前已经在记者会上全面阐述了中方在仁爱礁问题上的立场。</p>
</body></html>"""

LATER = """<html><head><title>2024年5月9日外交部发言人毛宁主持例行记者会</title></head><body>
<h1>2024年5月9日外交部发言人毛宁主持例行记者会</h1>
<p>路透社记者：菲律宾称将再次向仁爱礁运送物资，中方如何回应？</p>
<p>毛宁：中方将继续依法维护自身领土主权和海洋权益，仁爱礁局势不容菲方单方面改变。</p>
</body></html>"""

MENTION = """<html><head><title>外交部谈南海局势</title></head><body>
<h1>外交部谈南海局势</h1>
<p>汪文斌指出，毛宁此前已经在记者会上全面阐述了中方在仁爱礁问题上的立场。</p>
</body></html>"""
