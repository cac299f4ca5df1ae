def test_mask_text_masks_mobiles_and_id_numbers_in_free_text():
    from lib.masking import mask_text

    text = (
        "请联系13812345678或0371-12345678，身份证410108199003071234，订单号202611011234567890123。"
    )
    masked = mask_text(text)
    assert "13812345678" not in masked and "138****5678" in masked
    assert "410108199003071234" not in masked and "410108********1234" in masked
    assert "0371-12345678" in masked  # a landline is not a mobile
    assert "202611011234567890123" in masked  # inside a longer number: not an ID
    assert mask_text("") == ""
