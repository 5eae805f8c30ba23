"""Write the project's four sample standards (made-up text, real structure) as PDFs into corpus/.

Run: python corpus/make_samples.py   (needs fpdf2 and the DejaVu fonts: apt-get install fonts-dejavu-core)
Output is deterministic: fixed dates and metadata, so a rebuild gives the same files.
"""

from __future__ import annotations

import sys
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from fpdf import FPDF

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
OUT_DIR = Path(__file__).resolve().parent
FIXED_DATE = datetime(2024, 1, 1, tzinfo=UTC)
MINISTRY = "BỘ THÔNG TIN VÀ TRUYỀN THÔNG"
COUNTRY = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"


@dataclass(frozen=True)
class Sample:
    """One sample document: cover fields plus a body in a tiny line markup (see `_render_body`)."""

    file: str
    code: str
    kind: str  # "QUY CHUẨN KỸ THUẬT QUỐC GIA" or "TIÊU CHUẨN QUỐC GIA"
    title: str
    title_en: str
    year: int
    foreword: str
    body: str
    ministry: str = MINISTRY


def _admin_sections(equipment: str, agency: str, replaces: str) -> str:
    """Sections 4–6, worded as in BTTTT regulations (they differ only by these fields)."""
    return f"""
# 4. QUY ĐỊNH VỀ QUẢN LÝ
Các {equipment} thuộc phạm vi điều chỉnh quy định tại 1.1 phải được chứng nhận hợp quy và công bố hợp quy phù hợp với các quy định kỹ thuật tại Quy chuẩn này trước khi lưu thông trên thị trường.
# 5. TRÁCH NHIỆM CỦA TỔ CHỨC, CÁ NHÂN
Các tổ chức, cá nhân liên quan có trách nhiệm thực hiện chứng nhận hợp quy và công bố hợp quy các {equipment}, lưu giữ hồ sơ kỹ thuật và chịu sự kiểm tra của cơ quan quản lý nhà nước theo các quy định hiện hành.
# 6. TỔ CHỨC THỰC HIỆN
6.1 {agency} và các Sở Thông tin và Truyền thông có trách nhiệm hướng dẫn, tổ chức triển khai quản lý các {equipment} theo Quy chuẩn này.
6.2 Quy chuẩn này được áp dụng thay thế {replaces}.
6.3 Trong trường hợp các quy định nêu tại Quy chuẩn này có sự thay đổi, bổ sung hoặc được thay thế thì thực hiện theo quy định tại văn bản mới.
6.4 Trong quá trình triển khai thực hiện Quy chuẩn này, nếu có vấn đề phát sinh, vướng mắc, các tổ chức và cá nhân có liên quan phản ánh bằng văn bản về Bộ Thông tin và Truyền thông (Vụ Khoa học và Công nghệ) để được hướng dẫn, giải quyết.
"""


QCVN47 = Sample(
    file="QCVN_47_2015_BTTTT.pdf",
    code="QCVN 47:2015/BTTTT",
    kind="QUY CHUẨN KỸ THUẬT QUỐC GIA",
    title="QUY CHUẨN KỸ THUẬT QUỐC GIA VỀ PHỔ TẦN SỐ VÀ BỨC XẠ VÔ TUYẾN ĐIỆN ÁP DỤNG CHO CÁC THIẾT BỊ THU PHÁT VÔ TUYẾN ĐIỆN",
    title_en="National technical regulation on radio frequency spectrum and radiation of radio transmitters and transceivers",
    year=2015,
    foreword="QCVN 47:2015/BTTTT thay thế QCVN 47:2011/BTTTT. QCVN 47:2015/BTTTT do Cục Tần số vô tuyến điện biên soạn, Vụ Khoa học và Công nghệ trình duyệt và được ban hành kèm theo Thông tư số 18/2015/TT-BTTTT ngày 30 tháng 6 năm 2015 của Bộ trưởng Bộ Thông tin và Truyền thông.",
    body="""
# 1. QUY ĐỊNH CHUNG
## 1.1 Phạm vi điều chỉnh
Quy chuẩn này quy định các yêu cầu kỹ thuật tối thiểu về phổ tần số và bức xạ vô tuyến điện đối với các thiết bị thu phát vô tuyến điện hoạt động trong dải tần từ 9 kHz đến 40 GHz, bao gồm công suất phát, dung sai tần số, độ rộng băng tần chiếm dụng và phát xạ không mong muốn.
Quy chuẩn này không áp dụng cho các thiết bị vô tuyến điện chuyên dùng cho mục đích quốc phòng, an ninh.
## 1.2 Đối tượng áp dụng
Quy chuẩn này áp dụng đối với các cơ quan, tổ chức, cá nhân Việt Nam và nước ngoài có hoạt động sản xuất, nhập khẩu, kinh doanh và khai thác các thiết bị thu phát vô tuyến điện thuộc phạm vi điều chỉnh trên lãnh thổ Việt Nam.
## 1.3 Tài liệu viện dẫn
ITU Radio Regulations (Edition 2012), Appendix 3: Maximum permitted power levels for unwanted emissions in the spurious domain.
ITU-R SM.329-12 (09/2012): Unwanted emissions in the spurious domain.
QCVN 18:2022/BTTTT, Quy chuẩn kỹ thuật quốc gia về tương thích điện từ đối với thiết bị thông tin vô tuyến điện.
## 1.4 Giải thích từ ngữ
1.4.1 Phát xạ giả (spurious emission): Phát xạ trên một hoặc nhiều tần số nằm ngoài độ rộng băng tần cần thiết mà mức phát xạ có thể giảm xuống nhưng không ảnh hưởng đến việc truyền đưa thông tin tương ứng. Phát xạ giả bao gồm phát xạ hài, phát xạ ký sinh, các sản phẩm xuyên điều chế và các sản phẩm biến đổi tần số.
1.4.2 Phát xạ ngoài băng (out-of-band emission): Phát xạ trên một hoặc nhiều tần số nằm ngay ngoài độ rộng băng tần cần thiết, là kết quả của quá trình điều chế, nhưng không bao gồm phát xạ giả.
1.4.3 Độ rộng băng tần chiếm dụng (occupied bandwidth): Độ rộng của băng tần mà phía dưới tần số giới hạn dưới và phía trên tần số giới hạn trên của nó, công suất trung bình phát đi bằng 0,5 % tổng công suất trung bình của phát xạ.
1.4.4 Công suất bức xạ hiệu dụng (ERP): Tích của công suất cấp cho anten với độ tăng ích của anten so với anten lưỡng cực nửa bước sóng theo một hướng cho trước.
1.4.5 Dung sai tần số (frequency tolerance): Độ lệch tối đa cho phép của tần số trung tâm của băng tần bị phát xạ chiếm giữ so với tần số ấn định, biểu thị bằng phần triệu (ppm) hoặc bằng héc (Hz).
## 1.5 Chữ viết tắt
| Chữ viết tắt | Tiếng Anh | Tiếng Việt
| EMC | ElectroMagnetic Compatibility | Tương thích điện từ
| ERP | Effective Radiated Power | Công suất bức xạ hiệu dụng
| EIRP | Equivalent Isotropically Radiated Power | Công suất bức xạ đẳng hướng tương đương
| BTS | Base Transceiver Station | Trạm thu phát gốc
| RF | Radio Frequency | Tần số vô tuyến
| RBW | Resolution Bandwidth | Độ rộng băng tần phân giải
# 2. QUY ĐỊNH KỸ THUẬT
## 2.1 Điều kiện môi trường
Thiết bị phải đáp ứng các yêu cầu của Quy chuẩn này trong điều kiện đo kiểm bình thường: nhiệt độ từ +15 °C đến +35 °C, độ ẩm tương đối từ 20 % đến 75 %, điện áp nguồn bằng điện áp danh định ± 10 %.
## 2.2 Yêu cầu đối với máy phát
### 2.2.1 Công suất phát
Công suất phát của thiết bị không được vượt quá giá trị ghi trong giấy phép sử dụng tần số hoặc giá trị tối đa quy định tại Bảng 1. Sai lệch giữa công suất sóng mang đo được và công suất danh định do nhà sản xuất công bố phải nằm trong khoảng ± 1,5 dB.
Bảng 1 – Công suất phát tối đa theo dải tần
| Dải tần | Loại thiết bị | Công suất tối đa
| 27,5 MHz – 29,7 MHz | Máy thu phát cầm tay | ≤ 4 W
| 146 MHz – 174 MHz | Máy thu phát lưu động | ≤ 25 W
| 403 MHz – 470 MHz | Trạm gốc | ≤ 50 W
| 2,4 GHz – 2,4835 GHz | Thiết bị vô tuyến cự ly ngắn | ≤ 200 mW EIRP
### 2.2.2 Dung sai tần số
Dung sai tần số của máy phát không được vượt quá ± 5 ppm đối với thiết bị hoạt động dưới 470 MHz và ± 2,5 ppm đối với trạm gốc hoạt động từ 470 MHz đến 960 MHz.
### 2.2.3 Phát xạ giả
Công suất của bất kỳ thành phần phát xạ giả nào ở chế độ phát không được vượt quá -36 dBm đối với tần số từ 9 kHz đến 1 GHz và -30 dBm đối với tần số từ 1 GHz đến 12,75 GHz. Ở chế độ chờ, mức phát xạ giả không được vượt quá -57 dBm trong dải từ 9 kHz đến 1 GHz và -47 dBm trong dải từ 1 GHz đến 12,75 GHz.
Phép đo được thực hiện với độ rộng băng tần phân giải (RBW) 100 kHz đối với tần số dưới 1 GHz và 1 MHz đối với tần số trên 1 GHz.
### 2.2.4 Phát xạ ngoài băng
Mặt nạ phổ phát xạ ngoài băng phải thấp hơn công suất sóng mang ít nhất 60 dB tại độ lệch tần số bằng 250 % độ rộng băng tần cần thiết.
## 2.3 Yêu cầu đối với máy thu
### 2.3.1 Bức xạ giả của máy thu
Bức xạ giả của máy thu không được vượt quá -57 dBm trong dải tần từ 9 kHz đến 1 GHz và -47 dBm trong dải tần từ 1 GHz đến 12,75 GHz.
### 2.3.2 Cường độ trường bức xạ
Cường độ trường bức xạ của thiết bị đo tại khoảng cách 3 m không được vượt quá 40 dBμV/m trong dải tần từ 30 MHz đến 230 MHz và 47 dBμV/m trong dải tần từ 230 MHz đến 1 GHz.
# 3. PHƯƠNG PHÁP ĐO
## 3.1 Điều kiện đo kiểm
Các phép đo được thực hiện tại phòng đo kiểm đã được công nhận, sử dụng tải giả 50 Ω không bức xạ có hệ số sóng đứng điện áp ≤ 1,2. Độ không đảm bảo đo của công suất RF dẫn không được vượt quá ± 0,75 dB.
## 3.2 Đo công suất phát
Nối đầu ra anten của máy phát với tải giả qua bộ suy hao đã biết; bật máy phát ở chế độ không điều chế và ghi lại công suất trung bình đo được trên máy đo công suất.
## 3.3 Đo phát xạ giả
Nối máy phát với máy phân tích phổ qua bộ lọc chặn sóng mang; quét toàn bộ dải tần từ 9 kHz đến 12,75 GHz, ghi lại mức của mọi thành phần vượt quá -50 dBm và so sánh với giới hạn tại 2.2.3.
"""
    + _admin_sections(
        "thiết bị thu phát vô tuyến điện", "Cục Tần số vô tuyến điện", "QCVN 47:2011/BTTTT"
    )
    + """
# Phụ lục A (Quy định) Quy trình đo cường độ trường bức xạ
A.1 Thiết bị cần đo được đặt trên bàn quay không dẫn điện cao 0,8 m, trong buồng đo không phản xạ hoặc tại vị trí đo ngoài trời đã được hiệu chuẩn.
A.2 Anten thu được đặt cách thiết bị 3 m; độ cao anten thay đổi từ 1 m đến 4 m, ở cả hai phân cực ngang và đứng.
A.3 Ghi lại giá trị lớn nhất của cường độ trường đo được, tính theo dBμV/m, sau khi đã hiệu chỉnh hệ số anten và suy hao cáp.
""",
)

QCVN117 = Sample(
    file="QCVN_117_2023_BTTTT.pdf",
    code="QCVN 117:2023/BTTTT",
    kind="QUY CHUẨN KỸ THUẬT QUỐC GIA",
    title="QUY CHUẨN KỸ THUẬT QUỐC GIA VỀ THIẾT BỊ ĐẦU CUỐI THÔNG TIN DI ĐỘNG E-UTRA",
    title_en="National technical regulation on E-UTRA User Equipment",
    year=2023,
    foreword="QCVN 117:2023/BTTTT thay thế QCVN 117:2020/BTTTT. QCVN 117:2023/BTTTT do Cục Viễn thông biên soạn, Vụ Khoa học và Công nghệ trình duyệt, Bộ Khoa học và Công nghệ thẩm định và được ban hành kèm theo Thông tư số 05/2023/TT-BTTTT ngày 15 tháng 5 năm 2023 của Bộ trưởng Bộ Thông tin và Truyền thông.",
    body="""
# 1. QUY ĐỊNH CHUNG
## 1.1 Phạm vi điều chỉnh
Quy chuẩn này quy định các yêu cầu kỹ thuật đối với thiết bị đầu cuối thông tin di động E-UTRA hoạt động ở chế độ FDD và TDD trong các băng tần 1, 3, 5, 7, 8, 28, 38, 40 và 41, bao gồm cả thiết bị đầu cuối có tích hợp chức năng truy nhập vô tuyến khác.
## 1.2 Đối tượng áp dụng
Quy chuẩn này áp dụng đối với các tổ chức, cá nhân Việt Nam và nước ngoài có hoạt động sản xuất, nhập khẩu và kinh doanh thiết bị đầu cuối thông tin di động E-UTRA trên lãnh thổ Việt Nam.
## 1.3 Tài liệu viện dẫn
ETSI EN 301 908-1 V15.1.1 (2021-09): IMT cellular networks; Harmonised Standard for access to radio spectrum; Part 1: Introduction and common requirements.
ETSI EN 301 908-13 V13.2.1 (2022-02): IMT cellular networks; Part 13: Evolved Universal Terrestrial Radio Access (E-UTRA) User Equipment (UE).
3GPP TS 36.521-1: Evolved Universal Terrestrial Radio Access (E-UTRA); User Equipment (UE) conformance specification; Radio transmission and reception.
## 1.4 Giải thích từ ngữ
1.4.1 Thiết bị đầu cuối (User Equipment): Thiết bị cho phép người sử dụng truy nhập tới các dịch vụ của mạng thông tin di động qua giao diện vô tuyến.
1.4.2 Băng thông kênh (channel bandwidth): Độ rộng băng tần vô tuyến hỗ trợ một sóng mang E-UTRA đơn, tính bằng MHz, gồm các giá trị 1,4 MHz, 3 MHz, 5 MHz, 10 MHz, 15 MHz và 20 MHz.
1.4.3 Khối tài nguyên (resource block): Đơn vị cấp phát tài nguyên vô tuyến gồm 12 sóng mang con liên tiếp trong miền tần số và một khe thời gian 0,5 ms.
1.4.4 Công suất đầu ra cực đại (maximum output power): Công suất trung bình của thiết bị đầu cuối đo tại cổng anten trong một khung con khi phát ở mức công suất cao nhất.
## 1.5 Chữ viết tắt
| Chữ viết tắt | Tiếng Anh | Tiếng Việt
| ACLR | Adjacent Channel Leakage power Ratio | Tỷ số công suất rò kênh lân cận
| ACS | Adjacent Channel Selectivity | Độ chọn lọc kênh lân cận
| E-UTRA | Evolved Universal Terrestrial Radio Access | Truy nhập vô tuyến mặt đất toàn cầu tiến hóa
| FDD | Frequency Division Duplex | Song công phân chia theo tần số
| TDD | Time Division Duplex | Song công phân chia theo thời gian
| RB | Resource Block | Khối tài nguyên
| UE | User Equipment | Thiết bị đầu cuối
# 2. QUY ĐỊNH KỸ THUẬT
## 2.1 Điều kiện môi trường
Thiết bị phải đáp ứng các yêu cầu kỹ thuật trong dải nhiệt độ từ -10 °C đến +55 °C và với điện áp nguồn trong khoảng do nhà sản xuất công bố.
## 2.2 Yêu cầu đối với máy phát
### 2.2.1 Công suất đầu ra cực đại
Thiết bị đầu cuối thuộc lớp công suất 3 phải có công suất đầu ra cực đại bằng 23 dBm với dung sai theo Bảng 1.
Bảng 1 – Công suất đầu ra cực đại theo băng tần
| Băng tần | Đường lên | Đường xuống | Công suất, dung sai
| 1 | 1920 MHz – 1980 MHz | 2110 MHz – 2170 MHz | 23 dBm ± 2 dB
| 3 | 1710 MHz – 1785 MHz | 1805 MHz – 1880 MHz | 23 dBm ± 2 dB
| 8 | 880 MHz – 915 MHz | 925 MHz – 960 MHz | 23 dBm ± 2 dB
| 28 | 703 MHz – 748 MHz | 758 MHz – 803 MHz | 23 dBm ± 2,7 dB
| 40 | 2300 MHz – 2400 MHz | 2300 MHz – 2400 MHz | 23 dBm ± 2 dB
### 2.2.2 Công suất đầu ra cực tiểu
Khi được điều khiển về mức công suất thấp nhất, công suất đầu ra của thiết bị phải ≤ -39 dBm đo trên toàn bộ băng thông kênh.
### 2.2.3 Tỷ số công suất rò kênh lân cận
Tỷ số công suất rò kênh lân cận E-UTRA (E-UTRA ACLR) phải ≥ 30 dB; tỷ số công suất rò sang kênh UTRA thứ nhất (UTRA ACLR1) phải ≥ 33 dB.
### 2.2.4 Phát xạ giả của máy phát
Phát xạ giả của máy phát không được vượt quá -36 dBm trong dải từ 9 kHz đến 1 GHz (RBW 100 kHz) và -30 dBm trong dải từ 1 GHz đến 12,75 GHz (RBW 1 MHz). Trong băng tần thu của chính thiết bị, mức phát xạ không được vượt quá -50 dBm.
## 2.3 Yêu cầu đối với máy thu
### 2.3.1 Độ nhạy tham chiếu
Với băng thông kênh 10 MHz, công suất độ nhạy tham chiếu phải ≤ -97 dBm ở băng tần 1, ≤ -94 dBm ở băng tần 3 và ≤ -93 dBm ở băng tần 8, với thông lượng không nhỏ hơn 95 % thông lượng cực đại.
### 2.3.2 Độ chọn lọc kênh lân cận
Độ chọn lọc kênh lân cận (ACS) của máy thu phải ≥ 33 dB với băng thông kênh từ 1,4 MHz đến 10 MHz.
### 2.3.3 Phát xạ giả của máy thu
Phát xạ giả của máy thu không được vượt quá -57 dBm trong dải từ 30 MHz đến 1 GHz và -47 dBm trong dải từ 1 GHz đến 12,75 GHz.
# 3. PHƯƠNG PHÁP ĐO
## 3.1 Yêu cầu chung
Thiết bị được đo kiểm khi kết nối với bộ mô phỏng trạm gốc E-UTRA qua cổng anten tạm thời; nếu thiết bị không có cổng anten, phép đo được thực hiện theo phương pháp bức xạ tại Phụ lục A.
## 3.2 Đo công suất đầu ra cực đại
Thiết lập cuộc gọi thử nghiệm với tất cả khối tài nguyên được cấp phát, gửi liên tục lệnh tăng công suất và đo công suất trung bình trong một khung con 1 ms.
## 3.3 Đo phát xạ giả
Đặt thiết bị ở công suất đầu ra cực đại, dùng máy phân tích phổ quét từ 9 kHz đến 12,75 GHz với RBW theo 2.2.4 và ghi lại mức lớn nhất trong từng dải.
"""
    + _admin_sections(
        "thiết bị đầu cuối thông tin di động E-UTRA", "Cục Viễn thông", "QCVN 117:2020/BTTTT"
    )
    + """
# Phụ lục A (Quy định) Cấu hình đo kiểm bức xạ
A.1 Thiết bị được đặt trong buồng đo không phản xạ, cách anten đo 3 m, ở tư thế sử dụng thông thường do nhà sản xuất công bố.
A.2 Công suất bức xạ đẳng hướng tương đương được đo tại 12 hướng trong mặt phẳng ngang, mỗi hướng cách nhau 30°.
""",
)

QCVN18 = Sample(
    file="QCVN_18_2022_BTTTT.pdf",
    code="QCVN 18:2022/BTTTT",
    kind="QUY CHUẨN KỸ THUẬT QUỐC GIA",
    title="QUY CHUẨN KỸ THUẬT QUỐC GIA VỀ TƯƠNG THÍCH ĐIỆN TỪ ĐỐI VỚI THIẾT BỊ THÔNG TIN VÔ TUYẾN ĐIỆN",
    title_en="National technical regulation on general ElectroMagnetic Compatibility for radio communications equipment",
    year=2022,
    foreword="QCVN 18:2022/BTTTT thay thế QCVN 18:2014/BTTTT. QCVN 18:2022/BTTTT do Cục Viễn thông biên soạn, Vụ Khoa học và Công nghệ trình duyệt và được ban hành kèm theo Thông tư số 04/2022/TT-BTTTT ngày 20 tháng 4 năm 2022 của Bộ trưởng Bộ Thông tin và Truyền thông.",
    body="""
# 1. QUY ĐỊNH CHUNG
## 1.1 Phạm vi điều chỉnh
Quy chuẩn này quy định các yêu cầu chung về tương thích điện từ (EMC) đối với thiết bị thông tin vô tuyến điện và thiết bị phụ trợ đi kèm. Các yêu cầu về phổ tần số vô tuyến điện không thuộc phạm vi của Quy chuẩn này.
## 1.2 Đối tượng áp dụng
Quy chuẩn này áp dụng đối với các tổ chức, cá nhân trong nước và nước ngoài có hoạt động sản xuất, kinh doanh các thiết bị thuộc phạm vi điều chỉnh của Quy chuẩn này trên lãnh thổ Việt Nam.
## 1.3 Tài liệu viện dẫn
ETSI EN 301 489-1 V2.2.3 (2019-11): ElectroMagnetic Compatibility (EMC) standard for radio equipment and services; Part 1: Common technical requirements.
IEC 61000-4-2:2008: Electrostatic discharge immunity test.
IEC 61000-4-3:2020: Radiated, radio-frequency, electromagnetic field immunity test.
CISPR 32:2015: Electromagnetic compatibility of multimedia equipment – Emission requirements.
## 1.4 Giải thích từ ngữ
1.4.1 Tương thích điện từ (electromagnetic compatibility): Khả năng của thiết bị hoạt động thỏa mãn trong môi trường điện từ của nó mà không gây nhiễu điện từ không chấp nhận được cho các thiết bị khác trong môi trường đó.
1.4.2 Miễn nhiễm (immunity): Khả năng của thiết bị hoạt động không bị suy giảm chất lượng khi có nhiễu điện từ.
1.4.3 Cổng (port): Giao diện cụ thể của thiết bị với môi trường điện từ bên ngoài. Cổng vỏ là ranh giới vật lý của thiết bị mà trường điện từ có thể bức xạ ra hoặc xâm nhập vào.
1.4.4 Thiết bị phụ trợ (ancillary equipment): Thiết bị được sử dụng kết hợp với máy thu hoặc máy phát vô tuyến để cung cấp thêm chức năng, nhưng không thể sử dụng độc lập.
## 1.5 Chữ viết tắt
| Chữ viết tắt | Tiếng Anh | Tiếng Việt
| EMC | ElectroMagnetic Compatibility | Tương thích điện từ
| ESD | ElectroStatic Discharge | Phóng tĩnh điện
| EUT | Equipment Under Test | Thiết bị được đo kiểm
| AMN | Artificial Mains Network | Mạng giả nguồn lưới
| CDN | Coupling/Decoupling Network | Mạng ghép/tách
| RF | Radio Frequency | Tần số vô tuyến
# 2. QUY ĐỊNH KỸ THUẬT
## 2.1 Phát xạ
### 2.1.1 Phát xạ bức xạ từ cổng vỏ
Phát xạ bức xạ từ cổng vỏ của thiết bị phụ trợ không được vượt quá các giới hạn tại Bảng 1.
Bảng 1 – Giới hạn phát xạ bức xạ
| Dải tần | Khoảng cách đo | Giới hạn
| 30 MHz – 230 MHz | 10 m | 30 dBμV/m (tựa đỉnh)
| 230 MHz – 1 GHz | 10 m | 37 dBμV/m (tựa đỉnh)
| 1 GHz – 3 GHz | 3 m | 70 dBμV/m (đỉnh)
| 3 GHz – 6 GHz | 3 m | 74 dBμV/m (đỉnh)
### 2.1.2 Phát xạ dẫn tại cổng nguồn xoay chiều
Điện áp nhiễu dẫn tại cổng nguồn xoay chiều không được vượt quá 66 dBμV đến 56 dBμV (tựa đỉnh, giảm tuyến tính theo logarit tần số) trong dải từ 0,15 MHz đến 0,5 MHz, 56 dBμV từ 0,5 MHz đến 5 MHz và 60 dBμV từ 5 MHz đến 30 MHz.
## 2.2 Miễn nhiễm
### 2.2.1 Tiêu chí chất lượng
Tiêu chí A: thiết bị hoạt động liên tục như dự định trong và sau khi thử. Tiêu chí B: sau khi thử, thiết bị tự phục hồi hoạt động bình thường mà không mất dữ liệu người dùng. Tiêu chí C: cho phép mất chức năng tạm thời nếu thiết bị tự phục hồi hoặc phục hồi được nhờ thao tác của người sử dụng.
### 2.2.2 Miễn nhiễm phóng tĩnh điện
Thiết bị phải chịu được phóng tĩnh điện ± 4 kV tiếp xúc và ± 8 kV qua không khí, đáp ứng tiêu chí B.
### 2.2.3 Miễn nhiễm trường điện từ tần số vô tuyến
Thiết bị phải chịu được trường điện từ có cường độ 3 V/m trong dải từ 80 MHz đến 6 GHz, điều chế biên độ 80 % bởi tín hiệu 1 kHz, đáp ứng tiêu chí A.
### 2.2.4 Miễn nhiễm đột biến
Cổng nguồn xoay chiều phải chịu được xung đột biến ± 1 kV giữa dây và dây, ± 2 kV giữa dây và đất, đáp ứng tiêu chí B.
# 3. PHƯƠNG PHÁP ĐO
## 3.1 Bố trí đo kiểm
Thiết bị được bố trí theo cấu hình sử dụng điển hình, cáp kết nối dài tối thiểu 1 m; thiết bị để bàn được đặt trên bàn cách điện cao 0,8 m so với mặt phẳng đất.
## 3.2 Đo phát xạ
Phát xạ dẫn được đo qua mạng giả nguồn lưới (AMN) 50 Ω/50 μH; phát xạ bức xạ được đo trong buồng bán phản xạ hoặc tại vị trí đo ngoài trời đã được hiệu chuẩn.
## 3.3 Thử miễn nhiễm
Các phép thử miễn nhiễm được thực hiện theo IEC 61000-4-2 và IEC 61000-4-3; trong khi thử phải giám sát liên tục đường truyền thông tin vô tuyến để đánh giá theo tiêu chí chất lượng tại 2.2.1.
"""
    + _admin_sections("thiết bị thông tin vô tuyến điện", "Cục Viễn thông", "QCVN 18:2014/BTTTT")
    + """
# Phụ lục A (Quy định) Điều kiện thử đối với từng loại thiết bị
A.1 Đối với máy thu phát cầm tay, phép thử được thực hiện khi thiết bị hoạt động bằng pin được sạc đầy.
A.2 Đối với thiết bị trạm gốc, phép thử được thực hiện với tải giả nối tại cổng anten và công suất phát bằng công suất danh định.
""",
)

TCVN11930 = Sample(
    file="TCVN_11930_2017.pdf",
    code="TCVN 11930:2017",
    kind="TIÊU CHUẨN QUỐC GIA",
    title="CÔNG NGHỆ THÔNG TIN – CÁC KỸ THUẬT AN TOÀN – YÊU CẦU CƠ BẢN VỀ AN TOÀN HỆ THỐNG THÔNG TIN THEO CẤP ĐỘ",
    title_en="Information technology – Security techniques – Basic requirements for information system security by levels",
    year=2017,
    ministry="BỘ KHOA HỌC VÀ CÔNG NGHỆ",
    foreword="TCVN 11930:2017 do Cục An toàn thông tin biên soạn, Bộ Thông tin và Truyền thông đề nghị, Tổng cục Tiêu chuẩn Đo lường Chất lượng thẩm định, Bộ Khoa học và Công nghệ công bố.",
    body="""
# 1 Phạm vi áp dụng
Tiêu chuẩn này quy định các yêu cầu cơ bản về an toàn hệ thống thông tin tương ứng với từng cấp độ từ cấp độ 1 đến cấp độ 5, gồm yêu cầu quản lý và yêu cầu kỹ thuật.
# 2 Tài liệu viện dẫn
Các tài liệu viện dẫn sau là cần thiết khi áp dụng tiêu chuẩn này. Đối với các tài liệu viện dẫn ghi năm công bố thì áp dụng phiên bản được nêu.
TCVN ISO/IEC 27001:2009, Công nghệ thông tin – Hệ thống quản lý an toàn thông tin – Các yêu cầu.
TCVN ISO/IEC 27002:2011, Công nghệ thông tin – Các kỹ thuật an toàn – Quy tắc thực hành quản lý an toàn thông tin.
# 3 Thuật ngữ và định nghĩa
## 3.1 Hệ thống thông tin (information system)
Tập hợp phần cứng, phần mềm và cơ sở dữ liệu được thiết lập phục vụ mục đích tạo lập, cung cấp, truyền đưa, thu thập, xử lý, lưu trữ và trao đổi thông tin trên mạng.
## 3.2 Chủ quản hệ thống thông tin
Cơ quan, tổ chức, cá nhân có thẩm quyền quản lý trực tiếp đối với hệ thống thông tin.
## 3.3 Vùng mạng biên (DMZ)
Vùng mạng đặt các máy chủ cung cấp dịch vụ ra bên ngoài, được ngăn cách với mạng nội bộ bằng tường lửa.
# 4 Chữ viết tắt
| Chữ viết tắt | Tiếng Anh | Tiếng Việt
| ATTT | Information security | An toàn thông tin
| DMZ | Demilitarized Zone | Vùng mạng biên
| IDS | Intrusion Detection System | Hệ thống phát hiện xâm nhập
| IPS | Intrusion Prevention System | Hệ thống ngăn chặn xâm nhập
| VPN | Virtual Private Network | Mạng riêng ảo
# 5 Yêu cầu quản lý
## 5.1 Thiết lập chính sách an toàn thông tin
Chủ quản hệ thống thông tin phải ban hành chính sách an toàn thông tin bằng văn bản, rà soát và cập nhật chính sách ít nhất 01 lần trong 03 năm đối với hệ thống cấp độ 3 trở lên.
## 5.2 Tổ chức bảo đảm an toàn thông tin
Hệ thống thông tin từ cấp độ 2 trở lên phải có bộ phận chuyên trách hoặc cán bộ kiêm nhiệm chịu trách nhiệm bảo đảm an toàn thông tin.
# 6 Yêu cầu kỹ thuật
## 6.1 Bảo đảm an toàn mạng
### 6.1.1 Thiết kế hệ thống
Hệ thống cấp độ 3 trở lên phải phân tách tối thiểu các vùng mạng: vùng mạng nội bộ, vùng mạng biên (DMZ), vùng máy chủ và vùng quản trị; các vùng được kiểm soát truy cập bằng tường lửa.
### 6.1.2 Kiểm soát truy cập từ bên ngoài mạng
Mọi kết nối quản trị từ bên ngoài phải đi qua mạng riêng ảo (VPN) có xác thực hai yếu tố; số phiên kết nối đồng thời của mỗi tài khoản ≤ 3.
### 6.1.3 Phòng chống xâm nhập
Hệ thống cấp độ 3 trở lên phải triển khai IDS/IPS tại vùng mạng biên và cập nhật bộ dấu hiệu ít nhất 01 lần mỗi tuần.
## 6.2 Bảo đảm an toàn máy chủ
### 6.2.1 Xác thực
Mật khẩu đăng nhập có độ dài ≥ 8 ký tự, gồm chữ hoa, chữ thường, chữ số và ký tự đặc biệt; tài khoản bị khóa sau 5 lần đăng nhập sai liên tiếp.
### 6.2.2 Nhật ký hệ thống
Nhật ký truy cập và nhật ký quản trị phải được lưu trữ tập trung tối thiểu 03 tháng; thời gian của các máy chủ được đồng bộ với sai lệch ≤ 1 s.
# Phụ lục A (Quy định) Tổng hợp yêu cầu theo cấp độ
Bảng A.1 – Áp dụng yêu cầu kỹ thuật theo cấp độ
| Yêu cầu | Cấp độ 1 | Cấp độ 2 | Cấp độ 3
| 6.1.1 Thiết kế hệ thống | – | Có | Có
| 6.1.2 Kiểm soát truy cập từ bên ngoài | Có | Có | Có
| 6.1.3 Phòng chống xâm nhập | – | – | Có
| 6.2.2 Nhật ký hệ thống | – | Có | Có
# Thư mục tài liệu tham khảo
ISO/IEC 27001:2013, Information technology – Security techniques – Information security management systems – Requirements.
NIST SP 800-53 Rev. 4, Security and Privacy Controls for Federal Information Systems and Organizations.
""",
)

SAMPLES = (QCVN47, QCVN117, QCVN18, TCVN11930)


class SamplePDF(FPDF):
    """FPDF with a QCVN's running header (the code) and page-number footer after the cover."""

    running_header = ""

    def header(self) -> None:
        if self.page_no() == 1:
            return
        self.set_font("DejaVu", size=9)
        self.cell(0, 6, self.running_header, align="R")
        self.line(self.l_margin, 27, self.w - self.r_margin, 27)
        self.set_y(31)

    def footer(self) -> None:
        if self.page_no() == 1:
            return
        self.set_y(-15)
        self.set_font("DejaVu", size=9)
        self.cell(0, 8, str(self.page_no()), align="C")


def _centered(pdf: FPDF, text: str, size: float, bold: bool = False, gap: float = 4) -> None:
    pdf.set_font("DejaVu", "B" if bold else "", size)
    pdf.multi_cell(0, size * 0.55, text, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(gap)


def _render_cover(pdf: FPDF, s: Sample) -> None:
    pdf.add_page()
    _centered(pdf, s.ministry, 12, bold=True, gap=2)
    _centered(pdf, COUNTRY, 12, bold=True, gap=30)
    _centered(pdf, s.kind, 14, bold=True, gap=6)
    _centered(pdf, s.code, 18, bold=True, gap=20)
    _centered(pdf, s.title, 14, bold=True, gap=10)
    _centered(pdf, s.title_en.upper(), 11, gap=0)
    pdf.set_y(255)
    _centered(pdf, f"HÀ NỘI – {s.year}", 12, bold=True)


def _render_table(pdf: FPDF, rows: list[list[str]]) -> None:
    longest = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    widths = tuple(max(n, 14) for n in longest)  # proportional to the longest cell of each column
    pdf.set_font("DejaVu", size=10)
    with pdf.table(col_widths=widths, text_align="LEFT", line_height=5.5) as table:
        for cells in rows:
            row = table.row()
            for cell in cells:
                row.cell(cell)
    pdf.ln(3)


def _render_line(pdf: FPDF, line: str) -> None:
    hashes = len(line) - len(line.lstrip("#"))
    text = line.lstrip("#").strip()
    if hashes:
        if pdf.get_y() > 250:
            pdf.add_page()  # keep a heading with its text
        pdf.ln(3 if hashes == 1 else 1)
        pdf.set_font("DejaVu", "B", {1: 12, 2: 11}.get(hashes, 10.5))
    else:
        pdf.set_font("DejaVu", size=10.5)
    # left-aligned: justified lines make extractors emit double spaces
    pdf.multi_cell(0, 5.6, text, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1.2)


def _render_body(pdf: FPDF, body: str) -> None:
    """Markup: '#'/'##'/'###' headings, '| a | b' table rows (first row = header), else a paragraph."""
    table: list[list[str]] = []
    for line in [*body.strip().splitlines(), ""]:
        if line.startswith("|"):
            table.append([c.strip() for c in line.strip("|").split("|")])
            continue
        if table:
            _render_table(pdf, table)
            table = []
        if line.strip():
            _render_line(pdf, line)


def build(s: Sample, out_dir: Path) -> Path:
    """Write one sample PDF and return its path."""
    for text in (s.title, s.foreword, s.body):
        assert unicodedata.is_normalized("NFC", text), f"{s.file}: source text is not NFC"
    pdf = SamplePDF()
    pdf.running_header = s.code
    pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(True, margin=22)
    pdf.set_creation_date(FIXED_DATE)
    pdf.set_title(f"{s.code} {s.title}")
    pdf.set_author(f"vnstd sample corpus (not a real {s.code.split()[0]})")
    pdf.set_creator("vnstd corpus/make_samples.py")
    pdf.set_producer("fpdf2")
    _render_cover(pdf, s)
    pdf.add_page()
    _render_line(pdf, "# Lời nói đầu")
    _render_line(pdf, s.foreword)
    pdf.add_page()
    _render_body(pdf, s.body)
    path = out_dir / s.file
    pdf.output(str(path))
    return path


def main() -> int:
    """Build every sample; return the process exit code."""
    missing = [f for f in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf") if not (FONT_DIR / f).exists()]
    if missing:
        print(f"missing fonts {missing} in {FONT_DIR}: apt-get install fonts-dejavu-core")
        return 1
    for sample in SAMPLES:
        print(build(sample, OUT_DIR))
    return 0


if __name__ == "__main__":
    sys.exit(main())
